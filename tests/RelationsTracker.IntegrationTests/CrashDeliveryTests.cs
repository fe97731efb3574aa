using System.Net;
using System.Net.Http.Json;
using Marten;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>A change committed by a server killed (SIGKILL) before it delivered it reaches the webhook through another.</summary>
public sealed class CrashDeliveryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["RelationsTracker__Durability__StaleNodeTimeout"] = "00:00:03",
        ["RelationsTracker__Webhooks__Retries__0"] = "00:00:00.5",
        ["RelationsTracker__Webhooks__Retries__1"] = "00:00:01",
        ["RelationsTracker__Webhooks__Retries__2"] = "00:00:30",
    };

    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task A_change_committed_before_a_kill_arrives_once_per_change_id_through_the_other_server()
    {
        await using var receiver = WebhookReceiver.OnFreePort();
        await using var first = await ServerProcess.StartAsync(_connectionString, Settings);
        using (var client = first.Client())
        {
            var watch = await client.PostAsJsonAsync("/api/watches", new { webhook = new { url = receiver.Url, secret = "a-secret-of-the-subscriber" } });
            watch.StatusCode.ShouldBe(HttpStatusCode.Created, first.Output);
            var recorded = await client.PostAsJsonAsync("/api/engagements", Submit.Of("meeting", "before-the-kill", "2025-06-10"));
            recorded.StatusCode.ShouldBe(HttpStatusCode.Created, first.Output);
        }

        // The receiver is down until the server is dead: the change cannot have been delivered by it.
        await first.KillAsync();
        await receiver.StartAsync();
        await using var second = await ServerProcess.StartAsync(_connectionString, Settings);

        var taken = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Taken), t => t.Count > 0, "the change's delivery", seconds: 60);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString));
        var change = (await Changes.RecordedAsync(store)).ShouldHaveSingleItem();
        taken.Select(t => t.Change.ChangeId).Distinct().ShouldBe([change.ChangeId], second.Output);
    }
}
