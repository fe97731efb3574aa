using Npgsql;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

/// <summary>What the tracker adds to the connection string it is given, and what it leaves to the one who gives it.</summary>
public sealed class StoreConnectionTests
{
    [Fact]
    public void A_plain_connection_string_gets_the_jit_off_and_statements_prepared()
    {
        var tuned = new NpgsqlConnectionStringBuilder(RelationsTrackerStore.Tuned("Host=db;Database=relations;Username=tracker"));

        tuned.MaxAutoPrepare.ShouldBe(RelationsTrackerStore.PreparedStatements);
        tuned.Options.ShouldBe("-c jit=off");
        tuned.Host.ShouldBe("db");
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;maxautoprepare=7", 7)]
    public void A_connection_string_that_sets_prepared_statements_keeps_its_choice(string given, int expected) =>
        new NpgsqlConnectionStringBuilder(RelationsTrackerStore.Tuned(given)).MaxAutoPrepare.ShouldBe(expected);

    [Fact]
    public void A_connection_string_that_sets_the_jit_keeps_its_choice() =>
        new NpgsqlConnectionStringBuilder(RelationsTrackerStore.Tuned("Host=db;Options=-c jit=on")).Options.ShouldBe("-c jit=on");
}
