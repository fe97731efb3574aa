using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using Shouldly;
using Xunit;
using static RelationsTracker.Engagements.EngagementKind;

namespace RelationsTracker.Tests;

/// <summary>One test per rule of channel status.</summary>
public sealed class ChannelTimelineTests
{
    private const int Window = 365;

    private static StatusInterval StatusAt(string asOf, params Engagement[] engagements) =>
        ChannelTimeline.StatusAt(engagements.Order(OccurrenceOrder.Instance), Channel.Military, Build.Day(asOf), Window);

    [Fact]
    public void Nothing_on_the_channel_is_unknown()
    {
        var status = StatusAt("2023-07-01", Build.Engagement(Statement, "2023-06-01"), Build.Engagement(Meeting, "2023-06-02", channel: Channel.Economic));

        status.Status.ShouldBe(ChannelStatus.Unknown);
        status.Reason.ShouldContain("military");
    }

    [Fact]
    public void A_meeting_visit_or_call_within_the_window_opens_the_channel_since_the_first_of_the_run()
    {
        var status = StatusAt("2023-07-01", Build.Engagement(Call, "2023-03-01"), Build.Engagement(Visit, "2023-05-01"));

        status.Status.ShouldBe(ChannelStatus.Open);
        status.Since.ToString().ShouldBe("2023-03-01");
        status.DecidedBy.Select(e => e.SourceId).ShouldBe(["call-2023-03-01", "visit-2023-05-01"]);
    }

    [Fact]
    public void The_channel_is_dormant_the_day_after_the_window_has_passed_since_the_last_success()
    {
        var meeting = Build.Engagement(Meeting, "2022-01-01");

        StatusAt("2023-01-01", meeting).Status.ShouldBe(ChannelStatus.Open);
        var dormant = StatusAt("2023-01-02", meeting);
        dormant.Status.ShouldBe(ChannelStatus.Dormant);
        dormant.Since.ToString().ShouldBe("2023-01-02");
        dormant.Reason.ShouldContain("365-day");
    }

    [Fact]
    public void A_rebuff_stalls_the_channel_until_a_success_follows()
    {
        var rebuff = Build.Engagement(Rebuff, "2023-06", sourceId: "singapore");

        var stalled = StatusAt("2023-07-12", Build.Engagement(Meeting, "2023-01-05"), rebuff, Build.Engagement(Outreach, "2023-07-01"));
        stalled.Status.ShouldBe(ChannelStatus.Stalled);
        stalled.Since.ToString().ShouldBe("2023-06");
        stalled.RestsOnImpreciseDate.ShouldBeTrue();
        stalled.Reason.ShouldContain("[singapore]");
        stalled.Reason.ShouldContain("date known only to the month");

        StatusAt("2023-08-01", rebuff, Build.Engagement(Meeting, "2023-07-20")).Status.ShouldBe(ChannelStatus.Open);
    }

    [Fact]
    public void An_assessment_of_stalled_stalls_a_dormant_channel_and_a_later_rebuff_keeps_the_first_since()
    {
        var status = StatusAt(
            "2024-03-01",
            Build.Engagement(Meeting, "2021-01-01"),
            Build.Engagement(Assessment, "2023-09-01", assessed: ChannelStatus.Stalled),
            Build.Engagement(Rebuff, "2024-01-01"));

        status.Status.ShouldBe(ChannelStatus.Stalled);
        status.Since.ToString().ShouldBe("2023-09-01");
    }

    [Fact]
    public void A_suspension_holds_through_rebuffs_until_a_restoration_or_a_success()
    {
        var suspension = Build.Engagement(Suspension, "2022-08-05");

        var suspended = StatusAt("2023-01-01", Build.Engagement(Meeting, "2022-06-01"), suspension, Build.Engagement(Rebuff, "2022-10-01"));
        suspended.Status.ShouldBe(ChannelStatus.Suspended);
        suspended.Since.ToString().ShouldBe("2022-08-05");

        var resuming = StatusAt("2023-12-01", suspension, Build.Engagement(Restoration, "2023-11-15"));
        resuming.Status.ShouldBe(ChannelStatus.Resuming);
        resuming.Since.ToString().ShouldBe("2023-11-15");

        StatusAt("2024-02-01", suspension, Build.Engagement(Restoration, "2023-11-15"), Build.Engagement(Call, "2024-01-09"))
            .Status.ShouldBe(ChannelStatus.Open);
        StatusAt("2023-01-01", suspension, Build.Engagement(Meeting, "2022-12-01")).Status.ShouldBe(ChannelStatus.Open);
    }

    [Fact]
    public void A_rebuff_after_a_restoration_stalls_the_channel()
    {
        var status = StatusAt("2024-01-01", Build.Engagement(Suspension, "2023-01-01"), Build.Engagement(Restoration, "2023-06-01"), Build.Engagement(Rebuff, "2023-07-01"));

        status.Status.ShouldBe(ChannelStatus.Stalled);
    }

    [Fact]
    public void Statements_outreach_sanctions_and_plans_do_not_move_the_status()
    {
        var status = StatusAt(
            "2023-07-01",
            Build.Engagement(Meeting, "2023-01-01"),
            Build.Engagement(Statement, "2023-02-01"),
            Build.Engagement(Sanction, "2023-03-01"),
            Build.Engagement(Outreach, "2023-04-01"),
            Build.Engagement(Planned, "2023-09-01", announcedOn: "2023-05-01"));

        status.Status.ShouldBe(ChannelStatus.Open);
        status.Since.ToString().ShouldBe("2023-01-01");
    }

    [Fact]
    public void The_history_is_a_sequence_of_intervals_each_ending_the_day_before_the_next()
    {
        var intervals = ChannelTimeline.Build(
            [Build.Engagement(Meeting, "2021-01-01"), Build.Engagement(Suspension, "2022-08-05"), Build.Engagement(Restoration, "2023-11-15")],
            Channel.Military,
            Build.Day("2024-01-01"),
            Window);

        intervals.Select(i => (i.Status, i.Since.ToString(), i.Until?.ToString("yyyy-MM-dd", null))).ShouldBe(
        [
            (ChannelStatus.Open, "2021-01-01", "2022-01-01"),
            (ChannelStatus.Dormant, "2022-01-02", "2022-08-04"),
            (ChannelStatus.Suspended, "2022-08-05", "2023-11-14"),
            (ChannelStatus.Resuming, "2023-11-15", null),
        ]);
    }
}
