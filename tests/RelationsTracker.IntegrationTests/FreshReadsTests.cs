using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The server of <see cref="TrackerApp"/>, whose reads wait at most a fifth of a second for the state.</summary>
public sealed class ShortReadWaitApp : TrackerApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RelationsTracker:State:ReadWait"] = "00:00:00.2",
    };
}

/// <summary>
/// When the state cannot catch up in time with the writes committed before a read (here, no daemon runs), the answer
/// comes from the state as it is and says how many events it lacks; once it has caught up, it says nothing of lag.
/// </summary>
public sealed class FreshReadsTests(ShortReadWaitApp app) : IClassFixture<ShortReadWaitApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_read_the_state_cannot_catch_up_with_in_time_answers_from_the_state_and_says_how_far_behind_it_is()
    {
        await app.RecordAsync(Submit.Of("meeting", "fresh-2", "2025-06-01"));
        var coordinator = (IHostedService)app.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.StopAsync(CancellationToken.None);
        try
        {
            await app.Host.PostJsonAsync("/api/engagements", Submit.Of("rebuff", "fresh-3", "2025-06-10"), 201);

            var stale = await app.Host.Scenario(s => s.Get.Url("/api/relationships/USA/CHN"));

            stale.Context.Response.Headers["Relations-State-Behind"].ToString().ShouldBe("1");
            ((string?)(await stale.ReadAsJsonAsync<System.Text.Json.Nodes.JsonNode>())!.Channel("military")["status"]).ShouldBe("open");
        }
        finally
        {
            await coordinator.StartAsync(CancellationToken.None);
        }

        await using (var session = app.Store.QuerySession())
        {
            await ProjectedRows.CaughtUpAsync(session);
        }

        var caughtUp = await app.Host.Scenario(s => s.Get.Url("/api/relationships/USA/CHN"));

        caughtUp.Context.Response.Headers.ContainsKey("Relations-State-Behind").ShouldBeFalse();
        ((string?)(await caughtUp.ReadAsJsonAsync<System.Text.Json.Nodes.JsonNode>())!.Channel("military")["status"]).ShouldBe("stalled");
    }
}
