using RelationsTracker.Dashboard;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using Shouldly;
using Xunit;
using static RelationsTracker.Tests.Build;

namespace RelationsTracker.Tests.Dashboard;

/// <summary>The relationship page as HTML: what the store holds is shown as text, never run as markup or script.</summary>
public sealed class RelationshipPageTests
{
    private static RelationshipChart Chart(params Engagement[] engagements)
    {
        var asOf = Day("2023-07-12");
        var state = RelationshipState.Evaluate("CHN-USA", engagements, asOf, new ActivityWindows());
        var lanes = Enum.GetValues<Channel>()
            .Select(channel => new ChannelLane(
                channel,
                ChannelHistory.Clip(ChannelTimeline.Build(engagements.Where(e => e.Channel == channel), channel, asOf, ActivityWindows.DefaultDays), null, asOf)))
            .ToList();
        return new RelationshipChart("CHN-USA", asOf, Day("2023-05-18"), asOf, state, lanes, engagements, [new TemperaturePoint(asOf, 1.0)]);
    }

    [Fact]
    public void Text_from_the_store_is_encoded_and_only_web_addresses_are_linked()
    {
        var hostile = Engagement(EngagementKind.Meeting, "2023-07-10") with
        {
            Summary = "<script>alert('summary')</script>",
            Source = new Source("<b>Publisher</b>", "javascript:alert('url')", null, "\"quoted\" <img src=x>"),
        };

        var html = RelationshipPage.Render(Chart(hostile));

        html.ShouldNotContain("<script>alert");
        html.ShouldNotContain("<b>Publisher");
        html.ShouldNotContain("<img src=x>");
        html.ShouldNotContain("href=\"javascript:");
        html.ShouldContain("&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;");
        html.ShouldContain("href=\"#engagement-meeting-2023-07-10\"");
    }

    [Fact]
    public void Each_channel_has_a_lane_and_its_status_a_band_and_a_badge_with_its_word()
    {
        var html = RelationshipPage.Render(Chart(Engagement(EngagementKind.Rebuff, "2023-06-03")));

        foreach (var channel in Enum.GetValues<Channel>())
        {
            html.ShouldContain($"<g class=\"lane\" data-channel=\"{EngagementDescriptions.Name(channel)}\">");
        }

        html.ShouldContain("<g class=\"band\" data-status=\"stalled\">");
        html.ShouldContain("<tr data-channel=\"military\"><th scope=\"row\">military</th><td class=\"status\"><span class=\"badge status-stalled\">stalled</span>");
        html.ShouldContain("<html lang=\"en\">");
    }
}
