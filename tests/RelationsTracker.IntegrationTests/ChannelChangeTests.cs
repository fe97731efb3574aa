using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships.Projection;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The changes the projection records with the events that make them.</summary>
public sealed class ChannelChangeTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_meeting_that_opens_a_channel_today_is_a_recorded_change()
    {
        var recorded = await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));

        var change = (await Changes.RecordedAsync(app.Store)).ShouldHaveSingleItem();
        change.Relationship.ShouldBe("CHN-USA");
        change.Channel.ShouldBe("military");
        (change.From, change.To, change.Cause).ShouldBe(("unknown", "open", "recorded"));
        change.Since.ShouldBe("2025-06-10");
        change.DecidedBy.ShouldBe(["mil-1"]);
        change.AsOf.ShouldBe(DateOnly.FromDateTime(TrackerApp.Now.UtcDateTime));
        change.Rewritten.ShouldBeNull();
        recorded.Duplicate.ShouldBeFalse();
    }

    [Fact]
    public async Task An_engagement_that_moves_no_status_and_a_duplicate_record_no_change()
    {
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));
        await app.RecordAsync(Submit.Of("statement", "mil-2", "2025-06-11") with { Stance = "neutral" });

        (await Changes.RecordedAsync(app.Store)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_late_rebuff_before_a_meeting_rewrites_the_past_and_is_a_backfill()
    {
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));
        await app.RecordAsync(Submit.Of("rebuff", "mil-0", "2025-05-20"));

        var changes = await Changes.RecordedAsync(app.Store);
        changes.Count.ShouldBe(2);
        var backfill = changes[1];
        backfill.Cause.ShouldBe("backfill");
        backfill.Rewritten.ShouldNotBeNull().From.ShouldBe(new DateOnly(2025, 5, 20));
        backfill.ChangeId.ShouldNotBe(changes[0].ChangeId);
    }

    [Fact]
    public async Task A_batch_that_changes_a_channel_on_days_far_apart_is_one_change_of_both_today_and_the_past()
    {
        await app.RecordAsync(Submit.Of("meeting", "mil-2022", "2022-03-10"));
        await app.RecordAsync(Submit.Of("meeting", "mil-2024", "2024-01-10"));
        await app.RecordAsync(Submit.Of("meeting", "mil-2025", "2025-06-10"));

        await app.Host.PostJsonAsync("/api/engagements/batch", new[] { Submit.Of("rebuff", "mil-2023", "2023-05-01"), Submit.Of("rebuff", "mil-now", "2025-06-12") }, 201);

        var change = (await Changes.RecordedAsync(app.Store))[^1];
        (change.From, change.To, change.Cause).ShouldBe(("open", "stalled", "backfill"));
        change.Rewritten.ShouldNotBeNull().From.ShouldBe(new DateOnly(2023, 5, 1));
        change.DecidedBy.ShouldContain("mil-now");
    }

    [Fact]
    public async Task Retracting_the_meeting_that_opened_a_channel_is_a_retraction_back_to_unknown()
    {
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));
        await app.RecordAsync(Submit.Of("retraction", "mil-1-retracted", "2025-06-12") with { Retracts = "mil-1" });

        var retraction = (await Changes.RecordedAsync(app.Store))[^1];
        (retraction.From, retraction.To, retraction.Cause).ShouldBe(("open", "unknown", "retraction"));
        retraction.DecidedBy.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_seed_scenario_ends_with_a_change_of_military_to_the_projected_stalled_status()
    {
        app.Clock.AdjustTime(new DateTimeOffset(2023, 7, 13, 9, 0, 0, TimeSpan.Zero));
        foreach (var engagement in SeedScenario.Engagements())
        {
            await app.RecordAsync(engagement);
        }

        var military = await Changes.RecordedAsync(app.Store, "CHN-USA", "military");
        military[^1].To.ShouldBe("stalled");
        var answer = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-13");
        ((string?)answer.Channel("military")["status"]).ShouldBe(military[^1].To);
        military.Select(c => c.ChangeId).ShouldBeUnique();
    }

    [Fact]
    public async Task A_rebuild_keeps_the_changes_announced_and_announces_none()
    {
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));
        await app.RecordAsync(Submit.Of("rebuff", "mil-0", "2025-05-20"));
        var announced = (await Changes.RecordedAsync(app.Store)).Select(c => c.ChangeId).ToList();
        announced.Count.ShouldBe(2);

        (await StateRebuild.RunAsync(app.Host.Services, TimeSpan.FromSeconds(60), CancellationToken.None)).ShouldBeTrue();

        (await Changes.RecordedAsync(app.Store)).Select(c => c.ChangeId).ShouldBe(announced);
        (await ProjectedRows.EngagementCountsAsync(app.Store)).ShouldBe(new Dictionary<string, int> { ["CHN-USA"] = 2 });
    }
}
