using Microsoft.Extensions.Time.Testing;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>A server that records the seed scenario at start-up answers its first request with the seed in.</summary>
public sealed class SeedOnStartTests
{
    [Fact]
    public async Task The_first_request_to_a_server_that_seeds_finds_the_seed_scenario()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await using var host = await TrackerApp.StartServerAsync(
                connectionString, new FakeTimeProvider(TrackerApp.Now), new Dictionary<string, string> { ["RelationsTracker:SeedOnStart"] = "true" });

            // No waiting: the host has started, so its server may answer, so the seed must be in.
            var state = await host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-12");

            ((string?)state.Channel("military")["status"]).ShouldBe("stalled");
            var overview = await host.PageAsync("/?asOf=2023-07-12");
            overview.ShouldContain("data-relationship=\"CHN-USA\"");
            await host.StopAsync();
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
