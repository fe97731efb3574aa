using RelationsTracker.Dashboard;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using System.Globalization;
using System.Text.RegularExpressions;
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
        var from = engagements.Select(e => e.OccurredOn.Start).Append(Day("2023-05-18")).Min();
        return new RelationshipChart("CHN-USA", asOf, from, asOf, state, lanes, engagements, [new TemperaturePoint(asOf, 1.0)]);
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

    [Fact]
    public void A_long_relationship_shows_its_latest_engagements_in_a_page_of_the_table_and_every_one_on_the_chart()
    {
        // Three a day, every day of two years, on two channels: far more than the chart's width can tell apart.
        var engagements = Enumerable.Range(0, 2 * 365 * 3)
            .Select(i => Engagement(
                i % 2 == 0 ? EngagementKind.Meeting : EngagementKind.Call,
                Day("2021-07-01").AddDays(i / 3).ToString("yyyy-MM-dd", null),
                sourceId: $"engagement-{i}",
                channel: i % 5 == 0 ? Channel.Diplomatic : Channel.Military))
            .ToArray();

        var html = RelationshipPage.Render(Chart(engagements));

        var rows = Regex.Matches(html, "<tr id=\"engagement-engagement-([0-9]+)\">").Select(m => int.Parse(m.Groups[1].Value, null)).ToList();
        rows.ShouldBe(Enumerable.Range(engagements.Length - 100, 100));
        html.ShouldContain("Engagements 2,091–2,190 of 2,190 (page 1 of 22, the latest first).");
        html.ShouldContain("<a rel=\"next\" href=\"/relationships/CHN-USA?asOf=2023-07-12&amp;page=2\">Earlier engagements</a>");
        html.ShouldNotContain("rel=\"prev\"");

        var clusters = Regex.Matches(html, "<a class=\"marker cluster\" href=\"([^\"]*)\" data-count=\"([0-9]+)\"");
        var singles = Regex.Matches(html, "<a class=\"marker( related)?\" ");
        // The diplomatic engagements, between defence ministers, are also related contacts on the military lane.
        var related = engagements.Count(e => e.Channel == Channel.Diplomatic);
        (clusters.Sum(c => int.Parse(c.Groups[2].Value, null)) + singles.Count).ShouldBe(engagements.Length + related);
        (clusters.Count + singles.Count).ShouldBeLessThan(400);
        clusters[0].Groups[1].Value.ShouldBe("/relationships/CHN-USA?asOf=2023-07-12&amp;page=22#engagement-engagement-0");
        html.Length.ShouldBeLessThan(250_000);
    }

    [Fact]
    public void An_earlier_page_of_the_table_links_to_the_later_and_earlier_ones_and_its_markers_to_its_rows()
    {
        // Spread over the channels, so that each lane's markers are far enough apart to be drawn one by one.
        var engagements = Enumerable.Range(0, 250)
            .Select(i => Engagement(
                EngagementKind.Meeting,
                Day("2020-01-01").AddDays(i * 5).ToString("yyyy-MM-dd", null),
                sourceId: $"engagement-{i}",
                channel: Enum.GetValues<Channel>()[i % 6]))
            .ToArray();

        var html = RelationshipPage.Render(Chart(engagements), tablePage: 2);

        html.ShouldContain("Engagements 51–150 of 250 (page 2 of 3, the latest first).");
        html.ShouldContain("<a rel=\"prev\" href=\"/relationships/CHN-USA?asOf=2023-07-12&amp;page=1\">Later engagements</a>");
        html.ShouldContain("<a rel=\"next\" href=\"/relationships/CHN-USA?asOf=2023-07-12&amp;page=3\">Earlier engagements</a>");
        html.ShouldContain("<tr id=\"engagement-engagement-50\">");
        html.ShouldNotContain("<tr id=\"engagement-engagement-150\">");
        html.ShouldContain("href=\"#engagement-engagement-100\" data-source-id=\"engagement-100\"");
        html.ShouldContain("href=\"/relationships/CHN-USA?asOf=2023-07-12&amp;page=1#engagement-engagement-200\" data-source-id=\"engagement-200\"");
    }

    [Fact]
    public void Changes_of_status_too_close_together_to_draw_apart_share_a_band_that_counts_them()
    {
        // A meeting one day, a rebuff the next, for five years: open and stalled in turn, a day or two each.
        var engagements = Enumerable.Range(0, 5 * 365)
            .Select(i => Engagement(i % 2 == 0 ? EngagementKind.Meeting : EngagementKind.Rebuff, Day("2018-07-01").AddDays(i).ToString("yyyy-MM-dd", null), sourceId: $"engagement-{i}"))
            .ToArray();
        var chart = Chart(engagements);
        var intervals = chart.Lanes.Single(l => l.Channel == Channel.Military).Intervals.Count;

        var html = RelationshipPage.Render(chart);

        var lane = Regex.Match(html, "<g class=\"lane\" data-channel=\"military\">.*?</g></g>(?=<g class=\"lane\")", RegexOptions.Singleline).Value;
        var bands = Regex.Matches(lane, "<g class=\"band\" data-status=\"(open|stalled)\"( data-intervals=\"([0-9]+)\")?>");
        bands.Sum(b => b.Groups[3].Success ? int.Parse(b.Groups[3].Value, null) : 1).ShouldBe(intervals);
        intervals.ShouldBeGreaterThan(1_000);
        bands.Count.ShouldBeLessThan(400);
        lane.ShouldContain("statuses in turn from 2018-07-01 to");
        lane.ShouldContain(", each too brief to draw apart: ");
    }

    [Fact]
    public void No_marker_covers_another()
    {
        // Engagements on random days of two years, several a day at times, on three channels: markers that fall close
        // together are stacked or drawn as one bar, never on top of each other.
        var random = new Random(20230712);
        var engagements = Enumerable.Range(0, 300)
            .Select(i => Engagement(
                (EngagementKind)random.Next(0, 4),
                Day("2022-01-01").AddDays(random.Next(0, 2 * 365)).ToString("yyyy-MM-dd", null),
                sourceId: $"engagement-{i}",
                channel: Enum.GetValues<Channel>()[random.Next(0, 3)]))
            .OrderBy(e => e.OccurredOn.Start)
            .ToArray();

        var html = RelationshipPage.Render(Chart(engagements));

        var lanes = Regex.Matches(html, "<g class=\"lane\" data-channel=\"[a-z]+\"><rect x=\"[0-9.]+\" y=\"([0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var marks = Regex.Matches(html, "<a class=\"marker[^\"]*\"[^>]*transform=\"translate\\(([0-9.]+),([0-9.]+)\\)\">")
            .Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        marks.Count.ShouldBeGreaterThan(100);
        lanes.Count.ShouldBe(6);
        for (var i = 0; i < marks.Count; i++)
        {
            for (var j = i + 1; j < marks.Count; j++)
            {
                (Math.Abs(marks[i].X - marks[j].X) >= 14 || Math.Abs(marks[i].Y - marks[j].Y) >= 14)
                    .ShouldBeTrue($"markers at {marks[i]} and {marks[j]} overlap");
            }
        }
    }

    [Fact]
    public void What_is_not_yet_known_on_the_as_of_day_is_faded()
    {
        var chart = Chart(Engagement(EngagementKind.Meeting, "2023-07-01"), Engagement(EngagementKind.Meeting, "2023-07-20")) with { To = Day("2023-08-31") };

        var html = RelationshipPage.Render(chart);

        html.ShouldContain("<a class=\"marker\" href=\"#engagement-meeting-2023-07-01\"");
        html.ShouldContain("<a class=\"marker future\" href=\"#engagement-meeting-2023-07-20\"");
        var veil = Regex.Match(html, "<rect id=\"future-veil\" class=\"future\" x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\"");
        var asOf = Regex.Match(html, "<g id=\"as-of-marker\" transform=\"translate\\(([0-9.]+),0\\)\">");
        double.Parse(veil.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(double.Parse(asOf.Groups[1].Value, CultureInfo.InvariantCulture));
        double.Parse(veil.Groups[2].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(100);
    }
}
