using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Dashboard;

/// <summary>One lane of the timeline: a channel's status intervals over the charted period.</summary>
public sealed record ChannelLane(Channel Channel, IReadOnlyList<HistoryInterval> Intervals);

/// <summary>The 90-day mean Goldstein score on a day; null when no coded engagement fell in the window.</summary>
public sealed record TemperaturePoint(DateOnly Day, double? MeanGoldstein);

/// <summary>
/// Everything the dashboard and the report plot draw of one relationship: its state on <see cref="AsOf"/>, a lane per
/// channel with the status intervals over <see cref="From"/>..<see cref="To"/>, the engagements in force, and the
/// temperature over the period. Read through <see cref="RelationshipQueries"/> only, so the browser, the PNG and the
/// HTTP API tell the same story.
/// </summary>
public sealed record RelationshipChart(
    string RelationshipId,
    DateOnly AsOf,
    DateOnly From,
    DateOnly To,
    RelationshipState State,
    IReadOnlyList<ChannelLane> Lanes,
    IReadOnlyList<Engagement> Engagements,
    IReadOnlyList<TemperaturePoint> Temperature)
{
    public const int TemperatureWindowDays = 90;

    /// <summary>Enough points for a smooth line at chart width, few enough to keep the page small.</summary>
    private const int TemperatureSamples = 160;

    /// <summary>Room before the first and after the last engagement, so that markers at the ends stay visible.</summary>
    private const int MarginDays = 14;

    public IReadOnlyList<string> Countries => State.Countries;

    public int Days => To.DayNumber - From.DayNumber;

    /// <summary>The chart of a relationship as of a day, or null when nothing between the two is on record.</summary>
    public static async Task<RelationshipChart?> LoadAsync(
        IQuerySession session, string relationshipId, DateOnly asOf, DateOnly today, ActivityWindows windows, CancellationToken cancellation)
    {
        var state = await RelationshipQueries.StateAsync(session, relationshipId, asOf, null, windows, cancellation);
        if (state is null)
        {
            return null;
        }

        var engagements = await ProjectedTimeline.AllAsync(session, relationshipId, cancellation);
        // Within the date bounds: an engagement stored before they existed stays off the chart rather than stretch it
        // over millennia or past the calendar's end.
        var first = Later(engagements.Min(e => Earlier(e.KnownFrom.Start, e.OccurredOn.Start)), DateBounds.Earliest);
        var last = Earlier(engagements.Max(e => (e.EndedOn ?? e.OccurredOn).End), DateBounds.Latest(today));
        // The day asked about is always on the chart, so that the slider and the line can show it.
        var from = Earlier(new DateOnly(first.Year, first.Month, 1).AddDays(-MarginDays), asOf);
        var to = Later(last.AddDays(MarginDays), asOf);

        var lanes = new List<ChannelLane>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            lanes.Add(new ChannelLane(channel, await RelationshipQueries.IntervalsAsync(session, relationshipId, channel, from, to, today, cancellation)));
        }

        var every = Math.Max(1, (to.DayNumber - from.DayNumber) / TemperatureSamples);
        var temperature = (await ProjectedTimeline.TemperatureAsync(session, relationshipId, from, to, every, TemperatureWindowDays, cancellation))
            .Select(t => new TemperaturePoint(t.Day, TemperatureWindow.Mean(t.Goldstein, t.Count)))
            .ToList();
        return new RelationshipChart(relationshipId, asOf, from, to, state, lanes, engagements, temperature);
    }

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
