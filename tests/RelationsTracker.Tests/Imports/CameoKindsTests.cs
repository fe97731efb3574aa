using RelationsTracker.Engagements;
using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class CameoKindsTests
{
    [Theory]
    [InlineData("040", EngagementKind.Meeting)]
    [InlineData("044", EngagementKind.Meeting)]
    [InlineData("046", EngagementKind.Meeting)]
    [InlineData("041", EngagementKind.Call)]
    [InlineData("042", EngagementKind.Visit)]
    [InlineData("043", EngagementKind.Visit)]
    [InlineData("036", EngagementKind.Planned)]
    [InlineData("125", EngagementKind.Rebuff)]
    [InlineData("126", EngagementKind.Rebuff)]
    [InlineData("161", EngagementKind.Suspension)]
    [InlineData("164", EngagementKind.Suspension)]
    [InlineData("1662", EngagementKind.Suspension)]
    [InlineData("163", EngagementKind.Sanction)]
    [InlineData("1622", EngagementKind.Sanction)]
    [InlineData("120", EngagementKind.Coded)]
    [InlineData("1212", EngagementKind.Coded)]
    [InlineData("045", EngagementKind.Coded)]
    [InlineData("010", EngagementKind.Coded)]
    public void Codes_that_move_or_name_a_status_get_their_kind_and_the_rest_are_coded(string code, EngagementKind kind)
    {
        CameoKinds.TryFind(code, out var coded).ShouldBeTrue();
        coded.Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("999")]
    [InlineData("")]
    public void A_code_outside_the_table_is_not_found(string code)
    {
        CameoKinds.TryFind(code, out _).ShouldBeFalse();
    }
}
