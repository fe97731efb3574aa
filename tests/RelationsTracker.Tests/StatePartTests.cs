using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

/// <summary>How the relationships are divided among the parts the state is projected in.</summary>
public sealed class StatePartTests
{
    private static readonly string[] EveryRelationship =
        [.. Countries.All.Keys.SelectMany(a => Countries.All.Keys.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => RelationshipKey.For(a, b)))];

    [Fact]
    public void Every_relationship_is_held_by_exactly_one_part() =>
        EveryRelationship.ShouldAllBe(key => StatePart.All.Count(part => part.Holds(key)) == 1);

    [Fact]
    public void The_parts_hold_about_as_many_relationships_each()
    {
        var share = 1.0 / StatePart.All.Count;
        foreach (var part in StatePart.All)
        {
            ((double)EveryRelationship.Count(part.Holds) / EveryRelationship.Length).ShouldBe(share, tolerance: share / 20, part.Name);
        }
    }

    /// <summary>
    /// A release that divided them otherwise would have each part project its relationships again from the first event
    /// (the state comes out the same, but it takes a rebuild's time): the division is the same from release to release.
    /// </summary>
    [Theory]
    [InlineData("CHN-USA", 0)]
    [InlineData("JPN-USA", 1)]
    [InlineData("CHN-RUS", 1)]
    [InlineData("DEU-FRA", 1)]
    [InlineData("IND-PAK", 0)]
    public void The_division_of_the_relationships_stays_as_it_is(string key, int part) =>
        StatePart.All.Single(p => p.Holds(key)).Index.ShouldBe(part);

    [Fact]
    public void Each_part_has_a_name_of_its_own_and_one_part_keeps_the_name_of_releases_before_parts()
    {
        StatePart.All.Select(part => part.Name).ShouldBe(["RelationshipState1of2", "RelationshipState2of2"]);
        StatePart.Divided(1).Single().Name.ShouldBe(RelationshipStateProjection.Name);
    }
}
