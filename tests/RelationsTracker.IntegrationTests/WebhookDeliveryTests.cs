using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsTracker.Alerts;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>Changes reach the webhooks of the watches they match, signed, retried, or dead-lettered.</summary>
public sealed class WebhookDeliveryTests(AlertingApp app) : IClassFixture<AlertingApp>, IAsyncLifetime
{
    private const string Secret = "a-secret-of-the-subscriber";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> WatchAsync(WebhookReceiver receiver, object? selection = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(selection ?? new { }))!.AsObject();
        body["webhook"] = new JsonObject { ["url"] = receiver.Url, ["secret"] = Secret };
        var created = await app.Host.PostJsonAsync("/api/watches", body, 201);
        return Guid.Parse((string)created["id"]!);
    }

    private static Task<IReadOnlyList<ReceivedWebhook>> TakenAsync(WebhookReceiver receiver, int count, int seconds = 30) =>
        Eventually.ReturnsAsync(() => Task.FromResult(receiver.Taken), taken => taken.Count >= count, $"{count} webhooks taken", seconds);

    [Fact]
    public async Task A_change_is_posted_to_the_watch_it_matches_signed_with_the_watch_secret()
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync();
        await WatchAsync(receiver, new { relationship = "USA-CHN", channels = new[] { "military" } });

        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));

        var received = (await TakenAsync(receiver, 1)).ShouldHaveSingleItem();
        received.Signature.ShouldBe(WebhookSignature.Of(Encoding.UTF8.GetBytes(received.Body), Secret));
        var recorded = (await Changes.RecordedAsync(app.Store)).ShouldHaveSingleItem();
        received.Change.ChangeId.ShouldBe(recorded.ChangeId);
        (received.Change.Relationship, received.Change.Channel, received.Change.From, received.Change.To).ShouldBe(("CHN-USA", "military", "unknown", "open"));
    }

    [Fact]
    public async Task A_receiver_that_refuses_for_a_while_gets_the_change_once_it_takes_it()
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync(refusals: 2);
        await WatchAsync(receiver);

        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));

        var taken = (await TakenAsync(receiver, 1)).ShouldHaveSingleItem();
        receiver.Received.Count.ShouldBe(3);
        receiver.Received.Select(r => r.Change.ChangeId).Distinct().ShouldBe([taken.Change.ChangeId]);
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_change_after_it_comes_back()
    {
        await using var receiver = WebhookReceiver.OnFreePort();
        await WatchAsync(receiver);

        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("meeting", "mil-1", "2025-06-10"), 201);
        await Eventually.ReturnsAsync(() => FailedAttemptsAsync(app.Store), attempts => attempts > 0, "a failed delivery");
        await receiver.StartAsync();

        (await TakenAsync(receiver, 1)).ShouldHaveSingleItem().Change.To.ShouldBe("open");
    }

    [Fact]
    public async Task A_delivery_refused_after_every_retry_is_a_dead_letter()
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync(refusals: -1);
        await WatchAsync(receiver);

        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("meeting", "mil-dead", "2025-06-10"), 201);
        var changeId = (await Changes.RecordedAsync(app.Store)).ShouldHaveSingleItem().ChangeId.ToString();

        var letter = await Eventually.ReturnsAsync(
            async () => (await app.Host.GetJsonAsync("/api/dead-letters")).AsArray()
                .FirstOrDefault(l => (string?)l!["messageType"] == nameof(DeliverWebhook) && l!["message"]!.ToJsonString().Contains(changeId)),
            l => l is not null,
            "the dead letter");
        ((string?)letter!["reason"]).ShouldNotBeNull().ShouldContain("503");
        receiver.Received.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_change_recorded_by_a_process_without_wolverine_is_relayed_by_the_server_once()
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync();
        await WatchAsync(receiver);

        using var importing = DocumentStore.For(options => RelationsTrackerStore.Configure(options, app.ConnectionString, clock: app.Clock));
        await using (var session = importing.LightweightSession())
        {
            await EngagementIntake.RecordAsync(
                session, new RelationshipLocks(), [Submit.Of("meeting", "imported-1", "2025-06-10")], DateOnly.FromDateTime(TrackerApp.Now.UtcDateTime), CancellationToken.None);
        }

        var taken = (await TakenAsync(receiver, 1)).ShouldHaveSingleItem();
        taken.Change.ChangeId.ShouldBe((await Changes.RecordedAsync(app.Store)).ShouldHaveSingleItem().ChangeId);
        var relay = app.Host.Services.GetServices<IHostedService>().OfType<ChangeRelay>().Single();
        (await relay.RelayAsync(CancellationToken.None)).ShouldBe(0);
        receiver.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_open_channel_that_goes_dormant_with_no_event_is_a_time_change_announced_once()
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync();
        await WatchAsync(receiver, new { statuses = new[] { "dormant" } });
        var relay = app.Host.Services.GetServices<IHostedService>().OfType<ChangeRelay>().Single();
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));
        await relay.PassAsync(CancellationToken.None);
        (await Changes.RecordedAsync(app.Store)).ShouldAllBe(c => c.Cause != "time");

        // The activity window is 365 days: the channel is dormant from 2026-06-11 on.
        app.Clock.AdjustTime(new DateTimeOffset(2026, 6, 12, 0, 30, 0, TimeSpan.Zero));
        await relay.PassAsync(CancellationToken.None);
        await relay.PassAsync(CancellationToken.None);

        var time = (await Changes.RecordedAsync(app.Store)).Where(c => c.Cause == "time").ShouldHaveSingleItem();
        (time.From, time.To, time.AsOf).ShouldBe(("open", "dormant", new DateOnly(2026, 6, 11)));
        (await TakenAsync(receiver, 1)).ShouldHaveSingleItem().Change.ChangeId.ShouldBe(time.ChangeId);
        var projected = (string?)(await app.Host.GetJsonAsync("/api/relationships/USA/CHN")).Channel("military")["status"];
        projected.ShouldBe(time.To);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_seed_scenario_in_any_order_notifies_last_the_projected_military_status_stalled(int order)
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync();
        await WatchAsync(receiver, new { relationship = "CHN-USA", channels = new[] { "military" } });
        app.Clock.AdjustTime(new DateTimeOffset(2023, 7, 13, 9, 0, 0, TimeSpan.Zero));
        var engagements = SeedScenario.Engagements().ToList();
        var random = new Random(17);
        var arrival = order switch
        {
            0 => engagements,
            1 => Enumerable.Reverse(engagements).ToList(),
            _ => engagements.OrderBy(_ => random.Next()).ToList(),
        };

        foreach (var engagement in arrival)
        {
            await app.RecordAsync(engagement);
        }

        var changes = await Changes.RecordedAsync(app.Store, "CHN-USA", "military");
        var taken = await TakenAsync(receiver, changes.Count);
        taken.Select(t => t.Change.ChangeId).ShouldBe(changes.Select(c => c.ChangeId));
        changes.ShouldContain(c => c.To == "stalled");
        var projected = (string?)(await app.Host.GetJsonAsync("/api/relationships/USA/CHN")).Channel("military")["status"];
        taken[^1].Change.To.ShouldBe(projected);
        projected.ShouldBe("stalled");
    }

    private static async Task<int> FailedAttemptsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var attempts = await session.QueryAsync<int>(
            "select coalesce(max(attempts), 0) from relations.wolverine_incoming_envelopes where message_type like ?", $"%{nameof(DeliverWebhook)}%");
        return attempts[0];
    }
}
