using RelationsTracker.Alerts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Alerts;

public sealed class ChannelChangesTests
{
    private static readonly DateOnly Today = new(2025, 6, 16);
    private static readonly DateTimeOffset Now = new(2025, 6, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();

    private static StatusInterval Interval(ChannelStatus status, string since) =>
        new(status, OccurrenceDate.Parse(since), null, $"{status} since {since}", []);

    private static PastInterval Past(string from, ChannelStatus status) => new(DateOnly.Parse(from), status, from);

    private static ChannelRewrite Rewrite(
        StatusInterval? before,
        StatusInterval? after,
        IReadOnlyList<PastInterval>? replaced = null,
        IReadOnlyList<PastInterval>? written = null,
        bool retracted = false,
        bool corrected = false) =>
        new(before, after, replaced ?? [], written ?? [], retracted, corrected);

    [Fact]
    public void A_new_status_today_that_only_follows_the_past_is_recorded()
    {
        var open = Interval(ChannelStatus.Open, "2025-06-10");
        var change = ChannelChanges.Of(Id, "CHN-USA", Channel.Military, Rewrite(null, open, written: [Past("2025-06-10", ChannelStatus.Open)]), Today, Now)
            .ShouldNotBeNull();

        (change.From, change.To, change.Cause, change.Since, change.Channel).ShouldBe(("unknown", "open", "recorded", "2025-06-10", "military"));
        change.Rewritten.ShouldBeNull();
        change.ChangeId.ShouldBe(Id);
    }

    [Fact]
    public void The_same_status_today_and_the_same_past_is_no_change()
    {
        var open = Interval(ChannelStatus.Open, "2025-06-10");
        var past = new[] { Past("2025-06-10", ChannelStatus.Open) };

        ChannelChanges.Of(Id, "CHN-USA", Channel.Military, Rewrite(open, open, past, past), Today, Now).ShouldBeNull();
    }

    [Fact]
    public void An_interval_inserted_before_the_stored_ones_rewrites_the_past_even_when_today_stays_the_same()
    {
        var open = Interval(ChannelStatus.Open, "2025-06-10");
        var change = ChannelChanges.Of(
                Id,
                "CHN-USA",
                Channel.Military,
                Rewrite(open, open, [Past("2025-06-10", ChannelStatus.Open)], [Past("2025-05-20", ChannelStatus.Stalled), Past("2025-06-10", ChannelStatus.Open)]),
                Today,
                Now)
            .ShouldNotBeNull();

        (change.From, change.To, change.Cause).ShouldBe(("open", "open", "backfill"));
        change.Rewritten.ShouldNotBeNull().From.ShouldBe(new DateOnly(2025, 5, 20));
    }

    [Fact]
    public void Intervals_appended_after_the_stored_ones_rewrite_nothing()
    {
        ChannelChanges.Rewritten([Past("2025-01-02", ChannelStatus.Open)], [Past("2025-01-02", ChannelStatus.Open), Past("2025-03-01", ChannelStatus.Dormant)])
            .ShouldBeNull();
        ChannelChanges.Rewritten([Past("2025-01-02", ChannelStatus.Open), Past("2025-03-01", ChannelStatus.Dormant)], [Past("2025-01-02", ChannelStatus.Open)])
            .ShouldBe(new Contracts.RewrittenPast(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 1)));
    }

    [Fact]
    public void A_retraction_or_a_correction_names_its_cause_before_a_backfill()
    {
        var open = Interval(ChannelStatus.Open, "2025-06-10");
        var stalled = Interval(ChannelStatus.Stalled, "2025-06-12");

        ChannelChanges.Of(Id, "CHN-USA", Channel.Military, Rewrite(open, null, retracted: true, corrected: true), Today, Now)!.Cause.ShouldBe("retraction");
        ChannelChanges.Of(Id, "CHN-USA", Channel.Military, Rewrite(open, stalled, corrected: true), Today, Now)!.Cause.ShouldBe("correction");
        ChannelChanges.Of(Id, "CHN-USA", Channel.Military, Rewrite(open, null, retracted: true), Today, Now)!.To.ShouldBe("unknown");
    }

    [Fact]
    public void A_change_id_is_the_same_for_the_same_batch_and_channel_and_differs_otherwise()
    {
        var lastEvent = Guid.NewGuid();

        ChannelChanges.IdOf(lastEvent, Channel.Military).ShouldBe(ChannelChanges.IdOf(lastEvent, Channel.Military));
        ChannelChanges.IdOf(lastEvent, Channel.Military).ShouldNotBe(ChannelChanges.IdOf(lastEvent, Channel.Diplomatic));
        ChannelChanges.IdOf(lastEvent, Channel.Military).ShouldNotBe(ChannelChanges.IdOf(Guid.NewGuid(), Channel.Military));
    }

    [Fact]
    public void A_time_change_id_is_that_of_the_step_taking_effect()
    {
        var day = new DateOnly(2026, 6, 11);

        ChannelChanges.IdOf("CHN-USA", Channel.Military, day, 42).ShouldBe(ChannelChanges.IdOf("CHN-USA", Channel.Military, day, 42));
        ChannelChanges.IdOf("CHN-USA", Channel.Military, day, 42).ShouldNotBe(ChannelChanges.IdOf("CHN-USA", Channel.Military, day, 43));
        ChannelChanges.IdOf("CHN-USA", Channel.Military, day, 42).ShouldNotBe(ChannelChanges.IdOf("CHN-USA", Channel.Military, day.AddDays(1), 42));
    }
}
