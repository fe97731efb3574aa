using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using Shouldly;
using Xunit;
using static RelationsTracker.Tests.Build;

namespace RelationsTracker.Tests;

/// <summary>Cutting a channel's status intervals to a period.</summary>
public sealed class ChannelHistoryTests
{
    private static readonly Engagement Rebuff = Engagement(EngagementKind.Rebuff, "2023-06-03");
    private static readonly Engagement Meeting = Engagement(EngagementKind.Meeting, "2023-08-01");

    private static readonly StatusInterval[] Intervals =
    [
        new(ChannelStatus.Stalled, OccurrenceDate.Parse("2023-06-03"), Day("2023-07-31"), "stalled", [Rebuff]),
        new(ChannelStatus.Open, OccurrenceDate.Parse("2023-08-01"), null, "open", [Meeting]),
    ];

    private static string[] Show(IEnumerable<HistoryInterval> history) =>
        [.. history.Select(i => $"{i.Status} {i.From:yyyy-MM-dd}..{i.To:yyyy-MM-dd}")];

    [Fact]
    public void Without_a_period_every_interval_is_kept_and_the_last_still_holds() =>
        Show(ChannelHistory.Clip(Intervals, null, null)).ShouldBe(["Stalled 2023-06-03..2023-07-31", "Open 2023-08-01.."]);

    [Fact]
    public void Intervals_are_cut_to_the_period() =>
        Show(ChannelHistory.Clip(Intervals, Day("2023-07-01"), Day("2023-09-30")))
            .ShouldBe(["Stalled 2023-07-01..2023-07-31", "Open 2023-08-01..2023-09-30"]);

    [Fact]
    public void Intervals_outside_the_period_are_left_out()
    {
        Show(ChannelHistory.Clip(Intervals, Day("2023-08-15"), null)).ShouldBe(["Open 2023-08-15.."]);
        Show(ChannelHistory.Clip(Intervals, null, Day("2023-07-31"))).ShouldBe(["Stalled 2023-06-03..2023-07-31"]);
        Show(ChannelHistory.Clip(Intervals, Day("2023-01-01"), Day("2023-05-31"))).ShouldBeEmpty();
    }

    [Fact]
    public void A_status_replaced_the_day_it_began_is_dropped()
    {
        // Two engagements of the same day: the rebuff's status ends the day before it began.
        var sameDay = Engagement(EngagementKind.Meeting, "2023-06-03", "same-day-meeting");
        var intervals = ChannelTimeline.Build([Rebuff, sameDay], Channel.Military, Day("2023-06-30"), 365);

        intervals.Count.ShouldBe(2);
        Show(ChannelHistory.Clip(intervals, null, null)).ShouldBe(["Open 2023-06-03.."]);
    }

    [Fact]
    public void The_reason_and_the_deciding_engagements_are_kept()
    {
        var open = ChannelHistory.Clip(Intervals, null, null)[1];

        open.Reason.ShouldBe("open");
        open.DecidedBy.ShouldBe([Meeting.SourceId]);
    }
}
