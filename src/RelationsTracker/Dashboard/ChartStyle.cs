using RelationsTracker.Engagements;
using ScottPlot;

namespace RelationsTracker.Dashboard;

/// <summary>A status's colours: <see cref="Fill"/> for bands and badges, <see cref="Ink"/> for the word written on it.</summary>
public sealed record StatusColours(string Fill, string Ink);

/// <summary>
/// The one palette and set of marker shapes of the dashboard and the report plot, so that a status or a kind of
/// engagement looks the same in the browser and in a PNG. Every fill keeps its ink above a 7:1 contrast ratio, and the
/// status is always written beside its colour, for readers who do not tell the colours apart.
/// </summary>
public static class ChartStyle
{
    public const string MarkerInk = "#1b1b1b";
    public const string TemperatureInk = "#6a1b9a";
    public const string AsOfInk = "#0b3d91";

    public static StatusColours Of(ChannelStatus status) => status switch
    {
        ChannelStatus.Open => new("#a8e0b2", "#0b4019"),
        ChannelStatus.Resuming => new("#a9d6f2", "#06344f"),
        ChannelStatus.Stalled => new("#ffd966", "#4d3800"),
        ChannelStatus.Suspended => new("#f5aaaa", "#5c0909"),
        ChannelStatus.Dormant => new("#d3d3d3", "#2b2b2b"),
        _ => new("#f2f2f2", "#3b3b3b"),
    };

    /// <summary>
    /// The marker of a kind of engagement: filled for contacts that open a channel, open for plans, outreach and
    /// assessments, crosses and bars for what closes or stalls one.
    /// </summary>
    public static MarkerShape Shape(EngagementKind kind) => kind switch
    {
        EngagementKind.Meeting => MarkerShape.FilledCircle,
        EngagementKind.Visit => MarkerShape.FilledSquare,
        EngagementKind.Call => MarkerShape.FilledDiamond,
        EngagementKind.Planned => MarkerShape.OpenCircle,
        EngagementKind.Outreach => MarkerShape.OpenTriangleUp,
        EngagementKind.Rebuff => MarkerShape.Eks,
        EngagementKind.Statement => MarkerShape.FilledTriangleUp,
        EngagementKind.Suspension => MarkerShape.VerticalBar,
        EngagementKind.Restoration => MarkerShape.Cross,
        EngagementKind.Sanction => MarkerShape.FilledTriangleDown,
        EngagementKind.Assessment => MarkerShape.OpenSquare,
        EngagementKind.Coded => MarkerShape.OpenDiamond,
        _ => MarkerShape.Asterisk,
    };

    /// <summary>The statuses drawn as bands, in the order of the legend.</summary>
    public static IReadOnlyList<ChannelStatus> BandStatuses { get; } =
        [ChannelStatus.Open, ChannelStatus.Resuming, ChannelStatus.Stalled, ChannelStatus.Suspended, ChannelStatus.Dormant];

    /// <summary>The kinds that can be charted (a retraction withdraws another engagement and is never in force).</summary>
    public static IReadOnlyList<EngagementKind> ChartedKinds { get; } =
        Enum.GetValues<EngagementKind>().Where(k => k != EngagementKind.Retraction).ToList();
}
