using System.Text;
using RelationsTracker.Engagements;
using static RelationsTracker.Dashboard.Html;

namespace RelationsTracker.Dashboard;

/// <summary>The frame of every dashboard page: language, title, styles inline (nothing to download), header and main.</summary>
public static class Layout
{
    private const string Styles = """
        :root { color-scheme: light; }
        body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #1b1b1b; background: #fff; line-height: 1.4; }
        header { background: #0b3d91; padding: .45rem 1.25rem; }
        header a { color: #fff; font-weight: 700; text-decoration: none; }
        main { padding: .5rem 1.25rem 2rem; max-width: 1320px; }
        h1 { font-size: 1.35rem; margin: .3rem 0 .4rem; }
        h2 { font-size: 1.1rem; margin: 1.1rem 0 .4rem; }
        a { color: #0b3d91; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #cfcfcf; vertical-align: top; font-size: .9rem; }
        th { background: #eef1f6; }
        caption { text-align: left; }
        .badge { display: inline-block; min-width: 4.5rem; text-align: center; padding: .05rem .5rem; border-radius: .75rem;
                 font-weight: 600; font-size: .85rem; border: 1px solid rgba(0, 0, 0, .4); }
        .since { display: block; color: #444; font-size: .8rem; }
        .since-cell { white-space: nowrap; }
        form { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end; margin: .4rem 0 .6rem; }
        label { display: flex; flex-direction: column; font-size: .85rem; font-weight: 600; }
        input, select, button { font: inherit; font-weight: 400; padding: .25rem .4rem; border: 1px solid #767676; border-radius: .2rem; }
        button { background: #0b3d91; color: #fff; border-color: #0b3d91; padding: .3rem .9rem; cursor: pointer; }
        :focus-visible { outline: 3px solid #c77700; outline-offset: 2px; }
        .replay .slider { flex: 1 1 30rem; }
        .replay input[type=range] { width: 100%; padding: 0; accent-color: #0b3d91; }
        .replay output { font-weight: 700; color: #0b3d91; }
        figure { margin: .3rem 0; }
        figcaption { font-size: .85rem; }
        .legend { display: flex; flex-wrap: wrap; gap: .25rem .9rem; list-style: none; padding: 0; margin: .2rem 0; font-size: .85rem; }
        .legend li { display: flex; align-items: center; gap: .3rem; }
        .error { background: #fde2e2; color: #5c0909; padding: .5rem .75rem; border-left: 4px solid #b00020; }
        .muted { color: #444; font-size: .85rem; }
        .quote { font-style: italic; color: #333; }
        """;

    public static string Page(string title, string body)
    {
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · RelationsTracker</title><style>").Append(Styles);
        foreach (var status in Enum.GetValues<ChannelStatus>())
        {
            var colours = ChartStyle.Of(status);
            page.Append(Invariant($".status-{EngagementDescriptions.Name(status)} {{ background: {colours.Fill}; color: {colours.Ink}; }}"));
        }

        return page.Append("</style></head><body><header><a href=\"/\">RelationsTracker</a></header><main>")
            .Append(body)
            .Append("</main></body></html>")
            .ToString();
    }

    /// <summary>A status as the dashboard shows it everywhere: its word on its colour.</summary>
    public static string Badge(ChannelStatus status)
    {
        var name = EngagementDescriptions.Name(status);
        return $"<span class=\"badge status-{name}\">{name}</span>";
    }

    /// <summary>"China – United States".</summary>
    public static string Names(IEnumerable<string> countries) => string.Join(" – ", countries.Select(Engagements.Countries.NameOf));
}
