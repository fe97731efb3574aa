using System.Text;
using RelationsTracker.Engagements;
using static RelationsTracker.Dashboard.Html;

namespace RelationsTracker.Dashboard;

/// <summary>The frame of every dashboard page: language, title, style sheet, header and main.</summary>
public static class Layout
{

    /// <summary>
    /// The dashboard's style sheet: dashboard.css and a class per status in the chart's colours. Served from a file,
    /// not inline, so that the pages' Content-Security-Policy can refuse every inline style and script.
    /// </summary>
    public static readonly string StyleSheet = BuildStyleSheet();

    public static string Page(string title, string body) =>
        new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · RelationsTracker</title>")
            .Append("<link rel=\"stylesheet\" href=\"/dashboard.css\"></head><body><header><a href=\"/\">RelationsTracker</a></header><main>")
            .Append(body)
            .Append("</main></body></html>")
            .ToString();

    private static string BuildStyleSheet()
    {
        using var file = typeof(Layout).Assembly.GetManifestResourceStream("dashboard.css")
            ?? throw new InvalidOperationException("dashboard.css is missing from the assembly.");
        var sheet = new StringBuilder(new StreamReader(file).ReadToEnd());
        foreach (var status in Enum.GetValues<ChannelStatus>())
        {
            var colours = ChartStyle.Of(status);
            sheet.Append(Invariant($".status-{EngagementDescriptions.Name(status)} {{ background: {colours.Fill}; color: {colours.Ink}; }}\n"));
        }

        return sheet.ToString();
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
