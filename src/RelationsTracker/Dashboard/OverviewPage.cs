using System.Text;
using RelationsTracker.Alerts;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Listing;
using static RelationsTracker.Dashboard.Html;

namespace RelationsTracker.Dashboard;

/// <summary>
/// What the overview was asked: the filters and the order as typed (to show them again), the day and the page.
/// <see cref="HideUnknown"/> absent: relationships with every channel unknown are hidden when there are more than a page.
/// </summary>
public sealed record OverviewQuery(
    string? Country, string? Search, string? Channel, string? Status, string? HideUnknown, DateOnly AsOf, string? Sort, ListingPage Page)
{
    /// <summary>The address of another page of the same overview.</summary>
    public string Link(int page) => "/?" + string.Join("&amp;", Parameters(HideUnknown).Append(Invariant($"page={page}")));

    /// <summary>The same overview with the relationships whose channels are all unknown shown.</summary>
    public string ShowingUnknownLink() => "/?" + string.Join("&amp;", Parameters("false"));

    /// <summary>
    /// The same relationships from the API as CSV, as many as it gives on one page: hiding those with every channel
    /// unknown if the page does (the API hides none unless asked).
    /// </summary>
    public string CsvLink(bool hidesUnknown) =>
        "/api/relationships?" + string.Join(
            "&amp;",
            Parameters(hidesUnknown ? "true" : null).Append(Invariant($"pageSize={ListingPage.MaxSize}")).Append("format=csv"));

    private IEnumerable<string> Parameters(string? hideUnknown) =>
        new[] { ("country", Country), ("q", Search), ("channel", Channel), ("status", Status), ("hideUnknown", hideUnknown), ("sort", Sort) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
            .Append(Invariant($"asOf={Day(AsOf)}"));
}

/// <summary>The overview at /: every relationship with a badge per channel, filtered by country, channel and status.</summary>
public static class OverviewPage
{
    public static string Render(
        OverviewQuery query,
        IReadOnlyList<string> countries,
        RelationshipListing? listing,
        QueryArguments arguments,
        IReadOnlyList<ChannelStatusChanged> recentChanges)
    {
        var body = new StringBuilder()
            .Append("<h1>Relationships</h1>")
            .Append("<form method=\"get\" action=\"/\" aria-label=\"Filter the relationships\">")
            .Append(Invariant($"<label>Search by name <input type=\"search\" name=\"q\" value=\"{Encode(query.Search)}\" maxlength=\"{QueryArguments.MaxSearchLength}\" placeholder=\"e.g. china\"></label>"))
            .Append(Select("country", "Country", "any country", countries.Select(c => (c, $"{Engagements.Countries.NameOf(c)} ({c})")), query.Country))
            .Append(Select("channel", "Channel", "any channel", Words<Channel>(), query.Channel))
            .Append(Select("status", "Status", "any status", Words<ChannelStatus>(), query.Status))
            .Append(Select("hideUnknown", "Relationships all unknown", "hidden beyond a page", [("true", "hidden"), ("false", "shown")], query.HideUnknown))
            .Append(Select("sort", "Order", "most recent change", [("latest", "latest engagement"), ("country", "countries")], query.Sort))
            .Append(Invariant($"<label>As of <input type=\"date\" name=\"asOf\" value=\"{Day(query.AsOf)}\"></label>"))
            .Append("<button type=\"submit\">Show</button> <a href=\"/\">Clear the filters</a></form>");

        foreach (var line in arguments.Lines())
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Encode(line)).Append("</p>");
        }

        if (listing is null)
        {
            return Layout.Page("Relationships", body.ToString());
        }

        body.Append(Invariant($"<p><a id=\"download-csv\" href=\"{query.CsvLink(listing.HidesAllUnknown)}\" download>Download these relationships as CSV</a></p>"));

        var relationships = listing.Relationships;
        var pages = Math.Max(1, (listing.TotalCount + query.Page.Size - 1) / query.Page.Size);
        body.Append(Invariant($"<p class=\"muted\" id=\"overview-count\">{listing.TotalCount} relationship{(listing.TotalCount == 1 ? "" : "s")} as of {Day(query.AsOf)}"))
            .Append(pages > 1 ? Invariant($", page {query.Page.Number} of {pages}.") : ".")
            .Append(listing.HidesAllUnknown
                ? Invariant($" <span id=\"hidden-unknown\">{listing.HiddenCount} more with every channel unknown hidden: <a href=\"{query.ShowingUnknownLink()}\">show them</a>.</span>")
                : string.Empty)
            .Append("</p>")
            .Append(Pager(query, pages, "Pages of relationships"))
            .Append("<table id=\"relationships\"><caption class=\"muted\">Each channel's status, and since when</caption><thead><tr><th scope=\"col\">Relationship</th>");
        foreach (var channel in Enum.GetValues<Channel>())
        {
            body.Append("<th scope=\"col\">").Append(EngagementDescriptions.Name(channel)).Append("</th>");
        }

        body.Append("</tr></thead><tbody>");
        foreach (var relationship in relationships)
        {
            body.Append(Invariant($"<tr data-relationship=\"{relationship.Relationship}\"><th scope=\"row\">"))
                .Append(Invariant($"<a href=\"/relationships/{relationship.Relationship}?asOf={Day(query.AsOf)}\">{Encode(Layout.Names(relationship.Countries))}</a>"))
                .Append(Invariant($"<span class=\"since\">{relationship.Relationship}</span></th>"));
            foreach (var channel in relationship.Channels)
            {
                body.Append(Invariant($"<td data-channel=\"{EngagementDescriptions.Name(channel.Channel)}\">{Layout.Badge(channel.Status)}"))
                    .Append(channel.Since is { } since ? $"<span class=\"since\">since {Encode(since)}</span>" : string.Empty)
                    .Append("</td>");
            }

            body.Append("</tr>");
        }

        return Layout.Page(
            "Relationships", body.Append("</tbody></table>").Append(Pager(query, pages, "Pages of relationships, below the list")).Append(RecentChanges(recentChanges)).ToString());
    }

    /// <summary>The latest changes, each linking to its relationship as of the change's day.</summary>
    private static string RecentChanges(IReadOnlyList<ChannelStatusChanged> changes)
    {
        var panel = new StringBuilder("<section id=\"recent-changes\" aria-labelledby=\"recent-changes-title\"><h2 id=\"recent-changes-title\">Recent changes</h2>");
        if (changes.Count == 0)
        {
            return panel.Append("<p class=\"muted\">No change yet.</p></section>").ToString();
        }

        panel.Append("<ul>");
        foreach (var change in changes)
        {
            panel.Append(Invariant($"<li data-change=\"{change.ChangeId}\"><a href=\"{Encode(ChangeFeedEndpoints.DashboardLink(change))}\">{Encode(ChangeFeedEndpoints.Title(change))}</a>"))
                .Append(Invariant($" <span class=\"since\">{change.RecordedAt:yyyy-MM-dd HH:mm} UTC</span></li>"));
        }

        return panel.Append("</ul><p><a href=\"/feeds/changes.atom\">Atom feed of the changes</a></p></section>").ToString();
    }

    /// <summary>The links to the pages before and after; each pager of the page has a <paramref name="label"/> of its own, as landmarks must.</summary>
    private static string Pager(OverviewQuery query, int pages, string label)
    {
        if (pages <= 1)
        {
            return string.Empty;
        }

        var pager = new StringBuilder($"<nav class=\"pager\" aria-label=\"{label}\">");
        if (query.Page.Number > 1)
        {
            pager.Append(Invariant($"<a rel=\"prev\" href=\"{query.Link(query.Page.Number - 1)}\">Previous page</a> "));
        }

        if (query.Page.Number < pages)
        {
            pager.Append(Invariant($"<a rel=\"next\" href=\"{query.Link(query.Page.Number + 1)}\">Next page</a>"));
        }

        return pager.Append("</nav>").ToString();
    }

    private static IEnumerable<(string Value, string Text)> Words<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(w => (QueryArguments.Spelling(w), QueryArguments.Spelling(w)));

    private static string Select(string name, string label, string any, IEnumerable<(string Value, string Text)> options, string? chosen)
    {
        var select = new StringBuilder($"<label>{label} <select name=\"{name}\"><option value=\"\">{any}</option>");
        foreach (var (value, text) in options)
        {
            var selected = string.Equals(value, chosen, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty;
            select.Append(Invariant($"<option value=\"{Encode(value)}\"{selected}>{Encode(text)}</option>"));
        }

        return select.Append("</select></label>").ToString();
    }
}
