using System.Text;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Timeline;
using static RelationsTracker.Dashboard.Html;

namespace RelationsTracker.Dashboard;

/// <summary>
/// One relationship at /relationships/CHN-USA?asOf=&amp;from=&amp;to=: the timeline chart over a period (by default
/// around the latest activity), a slider that replays the state as of any day of it, each channel's status, why, and
/// what bears on it, the temperature, and the engagements with their sources.
/// </summary>
public static class RelationshipPage
{
    /// <param name="tablePage">The page of the table of engagements, from 1 (the latest) to <see cref="EngagementTablePage.CountFor"/>.</param>
    public static string Render(RelationshipChart chart, int tablePage = 1)
    {
        var table = EngagementTablePage.Of(chart.Engagements.Count, tablePage);
        var countries = chart.Countries;
        var title = Layout.Names(countries);
        var (first, last) = (chart.Engagements.MinBy(e => e.OccurredOn.Start)!.OccurredOn, chart.Engagements.MaxBy(e => e.OccurredOn.End)!.OccurredOn);
        var body = new StringBuilder()
            .Append("<h1>").Append(Encode(title)).Append("</h1>")
            .Append(Invariant($"<p class=\"muted\" id=\"engagement-span\">{string.Join("–", countries)} · {chart.Engagements.Count:N0} engagements on record, {first} to {last}. <a href=\"/?asOf={Day(chart.AsOf)}\">All relationships</a></p>"));

        Zoom(body, chart);
        Replay(body, chart);
        body.Append("<figure>").Append(TimelineSvg.Render(chart, table)).Append("<figcaption>");
        Legend(body);
        body.Append("</figcaption></figure>");
        Channels(body, chart, table);
        Temperature(body, chart.State);
        Engagements(body, chart, table);
        return Layout.Page(title, body.Append("<script src=\"/dashboard.js\"></script>").ToString());
    }

    /// <summary>The period charted, which the form changes (from, to), and a link to the whole history.</summary>
    private static void Zoom(StringBuilder body, RelationshipChart chart)
    {
        var whole = Invariant($"/relationships/{chart.RelationshipId}?asOf={Day(chart.AsOf)}&amp;from={Day(chart.WholeHistory.From)}&amp;to={Day(chart.WholeHistory.To)}");
        body.Append(Invariant($"<form class=\"zoom\" method=\"get\" action=\"/relationships/{chart.RelationshipId}\" aria-label=\"Chart a period\">"))
            .Append(Invariant($"<input type=\"hidden\" name=\"asOf\" value=\"{Day(chart.AsOf)}\">"))
            .Append(Invariant($"<label>Chart from <input type=\"date\" id=\"chart-from\" name=\"from\" value=\"{Day(chart.From)}\"></label>"))
            .Append(Invariant($"<label>Chart to <input type=\"date\" id=\"chart-to\" name=\"to\" value=\"{Day(chart.To)}\"></label>"))
            .Append("<button type=\"submit\">Chart</button>")
            .Append(Invariant($" <a id=\"whole-history\" href=\"{whole}\">Whole history</a></form>"));
    }

    /// <summary>
    /// The slider replays the state in place (dashboard.js asks the HTTP API for the day chosen); without script the
    /// date field and the button reload the page for that day.
    /// </summary>
    private static void Replay(StringBuilder body, RelationshipChart chart)
    {
        body.Append(Invariant($"<form class=\"replay\" method=\"get\" data-api=\"/api/relationships/{chart.Countries[0]}/{chart.Countries[1]}\" data-from=\"{Day(chart.From)}\" aria-label=\"Replay the relationship as of a day\">"))
            // An explicit "for": an <output> is labelable too, and a label without one would name the output, not the slider.
            .Append(Invariant($"<div class=\"slider\"><label for=\"as-of-slider\">As of <output id=\"as-of-output\" for=\"as-of-slider\">{Day(chart.AsOf)}</output></label>"))
            .Append(Invariant($"<input type=\"range\" id=\"as-of-slider\" min=\"0\" max=\"{chart.Days}\" step=\"1\" value=\"{chart.AsOf.DayNumber - chart.From.DayNumber}\" aria-valuetext=\"{Day(chart.AsOf)}\"></div>"))
            .Append(Invariant($"<label>Date <input type=\"date\" id=\"as-of-date\" name=\"asOf\" value=\"{Day(chart.AsOf)}\"></label>"))
            .Append(PeriodAsked(chart, (name, day) => $"<input type=\"hidden\" name=\"{name}\" value=\"{day}\">"))
            .Append("<button type=\"submit\">Show</button></form>");
    }

    private static void Legend(StringBuilder body)
    {
        body.Append("<ul class=\"legend\" aria-label=\"Channel statuses\">");
        foreach (var status in ChartStyle.BandStatuses)
        {
            body.Append("<li>").Append(Layout.Badge(status)).Append("</li>");
        }

        body.Append("<li><svg width=\"16\" height=\"14\" aria-hidden=\"true\"><line x1=\"0\" x2=\"16\" y1=\"7\" y2=\"7\" stroke=\"")
            .Append(ChartStyle.TemperatureInk).Append("\" stroke-width=\"2\"/></svg>temperature</li></ul><ul class=\"legend\" aria-label=\"Kinds of engagement\">");
        foreach (var kind in ChartStyle.ChartedKinds)
        {
            body.Append("<li><svg width=\"16\" height=\"16\" aria-hidden=\"true\">")
                .Append(TimelineSvg.Shape(ChartStyle.Shape(kind), 8, 8, 11))
                .Append("</svg>").Append(EngagementDescriptions.Name(kind)).Append("</li>");
        }

        body.Append("<li><svg width=\"10\" height=\"16\" aria-hidden=\"true\">").Append(TimelineSvg.ClusterBar(5, 8, 4))
            .Append("</svg>many engagements close together (the taller, the more)</li>")
            .Append("<li><svg width=\"16\" height=\"16\" aria-hidden=\"true\">").Append(TimelineSvg.Shape(ChartStyle.Shape(EngagementKind.Meeting), 8, 8, 11, hollow: true))
            .Append("</svg>dashed outline: a contact on another channel that involves this one's sectors (a related contact)</li>")
            .Append("<li class=\"muted\">a dotted line: date known only to the month or year</li>")
            .Append("<li class=\"muted\">faded, after the as-of line: not yet known on that day</li></ul>");
    }

    private static void Channels(StringBuilder body, RelationshipChart chart, EngagementTablePage table)
    {
        var state = chart.State;
        body.Append(Invariant($"<h2>Channels as of <span id=\"as-of-heading\">{Day(state.AsOf)}</span></h2>"))
            .Append("<table id=\"channels\" aria-live=\"polite\"><thead><tr><th scope=\"col\">Channel</th><th scope=\"col\">Status</th><th scope=\"col\">Since</th><th scope=\"col\">Why</th><th scope=\"col\">Related contacts and evidence (the latest year)</th></tr></thead><tbody>");
        foreach (var channel in state.Channels)
        {
            body.Append(Invariant($"<tr data-channel=\"{EngagementDescriptions.Name(channel.Channel)}\"><th scope=\"row\">{EngagementDescriptions.Name(channel.Channel)}</th>"))
                .Append("<td class=\"status\">").Append(Layout.Badge(channel.Status)).Append("</td>")
                .Append("<td class=\"since-cell\">").Append(Encode(channel.Since ?? "–")).Append("</td>")
                .Append("<td><span class=\"reason\">").Append(Encode(channel.Reason)).Append("</span> <strong class=\"upcoming\">")
                .Append(channel.Upcoming is { } upcoming ? Encode(Upcoming(upcoming)) : string.Empty)
                .Append("</strong></td><td>")
                .Append(Bearing("related-contacts", "Related contacts", channel.RelatedContacts, chart, table))
                .Append(Bearing("evidence", "Evidence", channel.Evidence, chart, table))
                .Append("</td></tr>");
        }

        body.Append("</tbody></table>");
    }

    /// <summary>
    /// A list of what bears on a channel without deciding it, each linking to its row of the table:
    /// "meeting (diplomatic) on 2023-07-12 [sourceId]"; dashboard.js writes the same when it replays another day.
    /// </summary>
    private static string Bearing(string kind, string label, IReadOnlyList<Engagement> engagements, RelationshipChart chart, EngagementTablePage table)
    {
        var list = new StringBuilder(Invariant($"<div class=\"{kind}\"><span class=\"bearing-label\">{label}:</span> <ul>"));
        foreach (var e in engagements)
        {
            list.Append(Invariant($"<li><a href=\"{TimelineSvg.RowAddress(chart, table, e)}\" title=\"{Encode(EngagementDescriptions.Describe(e))}\">"))
                .Append(Encode($"{EngagementDescriptions.Name(e.Kind)} ({EngagementDescriptions.Name(e.Channel)}) on {e.OccurredOn} [{e.SourceId}]"))
                .Append("</a></li>");
        }

        return list.Append(engagements.Count == 0 ? "<li>none</li>" : string.Empty).Append("</ul></div>").ToString();
    }

    /// <summary>"Upcoming: planned on 2023-07-16 [sourceId]", as the status command says it; dashboard.js writes the same.</summary>
    private static string Upcoming(Engagement upcoming) =>
        $"Upcoming: {EngagementDescriptions.Name(upcoming.Kind)} on {upcoming.OccurredOn} [{upcoming.SourceId}].";

    private static void Temperature(StringBuilder body, RelationshipState state)
    {
        body.Append("<h2>Temperature</h2><table id=\"temperature\"><thead><tr><th scope=\"col\">Window</th><th scope=\"col\">Coded engagements</th><th scope=\"col\">Mean Goldstein (−10 hostile to +10 cooperative)</th></tr></thead><tbody>");
        foreach (var window in state.Temperature.Windows)
        {
            body.Append(Invariant($"<tr data-days=\"{window.Days}\"><th scope=\"row\">{window.Days} days</th><td class=\"count\">{window.Count}</td><td class=\"mean\">{(window.MeanGoldstein is { } mean ? Invariant($"{mean:0.00}") : "–")}</td></tr>"));
        }

        body.Append("</tbody></table>");
    }

    /// <summary>
    /// The address of the relationship's page as of the chart's day, over the period asked, showing page
    /// <paramref name="tablePage"/> of its engagements.
    /// </summary>
    public static string Address(RelationshipChart chart, int tablePage) =>
        Invariant($"/relationships/{chart.RelationshipId}?asOf={Day(chart.AsOf)}{PeriodAsked(chart, (name, day) => $"&{name}={day}")}&page={tablePage}");

    /// <summary>The period asked for (from, to), each written by <paramref name="write"/>: what the page's links and forms keep.</summary>
    private static string PeriodAsked(RelationshipChart chart, Func<string, string, string> write) =>
        string.Concat(new[] { ("from", chart.Asked.From), ("to", chart.Asked.To) }
            .Where(p => p.Item2 is not null)
            .Select(p => write(p.Item1, Day(p.Item2!.Value))));

    private static void Engagements(StringBuilder body, RelationshipChart chart, EngagementTablePage table)
    {
        body.Append("<h2>Engagements</h2>");
        var (a, b) = (chart.Countries[0], chart.Countries[1]);
        body.Append(Invariant($"<p><a id=\"download-csv\" href=\"/api/relationships/{a}/{b}/timeline?format=csv&amp;pageSize={TimelineQuery.MaxPageSize}\" download>Download the engagements as CSV</a> (the earliest {TimelineQuery.MaxPageSize:N0})</p>"));
        if (table.Count > 1)
        {
            body.Append(Invariant($"<nav class=\"pages\" aria-label=\"Pages of engagements\"><p>Engagements {table.Start + 1:N0}–{table.Start + table.Length:N0} of {chart.Engagements.Count:N0} (page {table.Number:N0} of {table.Count:N0}, the latest first)."));
            if (table.Number > 1)
            {
                body.Append(Invariant($" <a rel=\"prev\" href=\"{Encode(Address(chart, table.Number - 1))}\">Later engagements</a>"));
            }

            if (table.Number < table.Count)
            {
                body.Append(Invariant($" <a rel=\"next\" href=\"{Encode(Address(chart, table.Number + 1))}\">Earlier engagements</a>"));
            }

            body.Append("</p></nav>");
        }

        body.Append("<table id=\"engagements\"><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Kind</th><th scope=\"col\">Channel</th><th scope=\"col\">What</th><th scope=\"col\">Source</th></tr></thead><tbody>");
        foreach (var e in chart.Engagements.Skip(table.Start).Take(table.Length))
        {
            body.Append(Invariant($"<tr id=\"{TimelineSvg.EngagementAnchor(e)}\"><td>{e.OccurredOn}</td><td>{EngagementDescriptions.Name(e.Kind)}</td><td>{EngagementDescriptions.Name(e.Channel)}</td>"))
                .Append("<td>").Append(Encode(EngagementDescriptions.Describe(e)))
                .Append(string.IsNullOrWhiteSpace(e.Summary) ? string.Empty : "<br>" + Encode(e.Summary))
                .Append("</td><td>").Append(Source(e.Source)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
    }

    private static string Source(Source? source)
    {
        if (source is null)
        {
            return "–";
        }

        var publisher = Encode(source.Publisher ?? source.Url ?? "source");
        var cited = WebAddress(source.Url) is { } url ? $"<a href=\"{Encode(url)}\" rel=\"noreferrer\">{publisher}</a>" : publisher;
        var published = source.PublishedOn is { } on ? $", {on}" : string.Empty;
        var quote = string.IsNullOrWhiteSpace(source.Quote) ? string.Empty : $"<br><span class=\"quote\">“{Encode(source.Quote)}”</span>";
        return cited + published + quote;
    }
}
