using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using Shouldly;
using Xunit;
using static RelationsTracker.Engagements.EngagementKind;

namespace RelationsTracker.Tests;

public sealed class RelationshipStateTests
{
    private static RelationshipState Evaluate(string asOf, params Engagement[] engagements) =>
        RelationshipState.Evaluate("CHN-USA", engagements.Order(OccurrenceOrder.Instance), Build.Day(asOf), new ActivityWindows());

    private static ChannelState Military(RelationshipState state) => state.Channels.Single(c => c.Channel == Channel.Military);

    [Fact]
    public void Every_channel_is_listed_even_when_unknown() =>
        Evaluate("2023-01-01").Channels.Select(c => c.Channel).ShouldBe(Enum.GetValues<Channel>());

    [Fact]
    public void A_diplomatic_contact_with_a_defense_official_is_a_related_contact_of_the_military_channel()
    {
        var pentagon = Build.Engagement(Meeting, "2023-07-12", sourceId: "pentagon", channel: Channel.Diplomatic) with
        {
            Initiator = new Party("CHN", "Xie Feng", "Ambassador", Sector.Diplomatic),
        };

        var military = Military(Evaluate("2023-07-12", Build.Engagement(Rebuff, "2023-06"), pentagon));

        military.Status.ShouldBe(ChannelStatus.Stalled);
        military.RelatedContacts.ShouldHaveSingleItem().SourceId.ShouldBe("pentagon");
    }

    [Fact]
    public void Evidence_lists_the_statements_outreach_and_sanctions_of_the_past_year_newest_first()
    {
        var military = Military(Evaluate(
            "2023-07-12",
            Build.Engagement(Statement, "2022-07-01", sourceId: "too-old"),
            Build.Engagement(Outreach, "2023-06-01", sourceId: "outreach"),
            Build.Engagement(Statement, "2023-07-10", sourceId: "kahl"),
            Build.Engagement(Meeting, "2023-07-11", sourceId: "not-evidence")));

        military.Evidence.Select(e => e.SourceId).ShouldBe(["kahl", "outreach"]);
        military.LastEngagement!.SourceId.ShouldBe("not-evidence");
    }

    [Fact]
    public void The_next_planned_engagement_is_upcoming_from_its_announcement_until_its_date_has_passed()
    {
        var kerry = Build.Engagement(Planned, "2023-07-16", sourceId: "kerry", announcedOn: "2023-07");

        Military(Evaluate("2023-06-30", kerry)).Upcoming.ShouldBeNull();
        Military(Evaluate("2023-07-12", kerry)).Upcoming!.SourceId.ShouldBe("kerry");
        Military(Evaluate("2023-07-16", kerry)).Upcoming!.SourceId.ShouldBe("kerry");
        Military(Evaluate("2023-07-17", kerry)).Upcoming.ShouldBeNull();
    }

    [Fact]
    public void The_temperature_averages_goldstein_scores_and_counts_quad_classes_per_window()
    {
        var state = Evaluate(
            "2023-07-12",
            Build.Engagement(Visit, "2023-07-01"),
            Build.Engagement(Rebuff, "2023-05-01"),
            Build.Engagement(Suspension, "2022-12-01"),
            Build.Engagement(Assessment, "2023-07-02", assessed: ChannelStatus.Stalled));

        var (thirty, ninety, year) = (state.Temperature.Windows[0], state.Temperature.Windows[1], state.Temperature.Windows[2]);
        (thirty.Days, thirty.From, thirty.Count, thirty.MeanGoldstein).ShouldBe((30, Build.Day("2023-06-13"), 1, 1.9));
        (ninety.Count, ninety.MeanGoldstein).ShouldBe((2, -1.55));
        ninety.ByQuadClass.ShouldBe(new QuadClassCounts(VerbalCooperation: 1, MaterialCooperation: 0, VerbalConflict: 1, MaterialConflict: 0));
        (year.Count, year.ByQuadClass.MaterialConflict).ShouldBe((3, 1));
    }
}
