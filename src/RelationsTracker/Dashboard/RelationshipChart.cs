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
/// The days a chart is asked to span: <see cref="From"/> and <see cref="To"/> when given (a zoom), each else by default
/// (<see cref="RelationshipChart.LoadAsync"/>); <see cref="Whole"/>: by default, the whole history.
/// </summary>
public sealed record ChartPeriod(DateOnly? From = null, DateOnly? To = null, bool Whole = false);

/// <summary>
/// Everything the dashboard and the report plot draw of one relationship: its state on <see cref="AsOf"/>, a lane per
/// channel with the status intervals over <see cref="From"/>..<see cref="To"/>, the engagements in force (all of
/// them, also those outside the period), and the temperature over the period. Read through
/// <see cref="RelationshipQueries"/> only, so the browser, the PNG and the HTTP API tell the same story.
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

    /// <summary>How many years a chart spans by default: one early engagement would otherwise squeeze the rest into a sliver.</summary>
    public const int DefaultYears = 2;

    /// <summary>Enough points for a smooth line at chart width, few enough to keep the page small.</summary>
    private const int TemperatureSamples = 160;

    /// <summary>Room before the first and after the last engagement, so that markers at the ends stay visible.</summary>
    private const int MarginDays = 14;

    public IReadOnlyList<string> Countries => State.Countries;

    public int Days => To.DayNumber - From.DayNumber;

    /// <summary>The period the page was asked for, kept in its links.</summary>
    public ChartPeriod Asked { get; init; } = new();

    /// <summary>The days the whole history spans, with the margins, and the as-of day.</summary>
    public (DateOnly From, DateOnly To) WholeHistory { get; init; }

    /// <summary>Whether an engagement's marker falls on the chart.</summary>
    public bool Charts(Engagement e) => e.OccurredOn.Start >= From && e.OccurredOn.Start <= To;

    /// <summary>
    /// The chart of a relationship as of a day over a period, or null when nothing between the two is on record. By
    /// default the period is the <see cref="DefaultYears"/> up to the day asked about (or to the last engagement, or to
    /// the end asked, when earlier), through the last engagement, never earlier than the first, and takes in the day
    /// asked about; a period asked for is kept, and the day moved into it, so that the slider and the line can show it.
    /// </summary>
    public static async Task<RelationshipChart?> LoadAsync(
        IQuerySession session,
        string relationshipId,
        DateOnly asOf,
        DateOnly today,
        ChartPeriod period,
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        var engagements = await ProjectedTimeline.AllAsync(session, relationshipId, cancellation);
        if (engagements.Count == 0)
        {
            return null;
        }

        // Within the date bounds: an engagement stored before they existed stays off the chart rather than stretch it
        // over millennia or past the calendar's end.
        var first = Later(engagements.Min(e => Earlier(e.KnownFrom.Start, e.OccurredOn.Start)), DateBounds.Earliest);
        var last = Earlier(engagements.Max(e => (e.EndedOn ?? e.OccurredOn).End), DateBounds.Latest(today));
        var whole = (From: new DateOnly(first.Year, first.Month, 1).AddDaysWithinCalendar(-MarginDays), To: last.AddDaysWithinCalendar(MarginDays));
        // A side given alone is kept, the other side by default or, when that would not follow it, a margin away.
        var to = period.To ?? Later(Later(whole.To, asOf), (period.From ?? DateOnly.MinValue).AddDaysWithinCalendar(MarginDays));
        var from = period.From
            ?? Earlier(period.Whole ? whole.From : Later(whole.From, Earlier(Earlier(asOf, last), to).AddYears(-DefaultYears)), Earlier(asOf, to.AddDaysWithinCalendar(-MarginDays)));
        asOf = Later(Earlier(asOf, to), from);

        var state = await RelationshipQueries.StateAsync(session, relationshipId, asOf, null, windows, cancellation);
        if (state is null)
        {
            return null;
        }

        var lanes = new List<ChannelLane>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            lanes.Add(new ChannelLane(channel, await RelationshipQueries.IntervalsAsync(session, relationshipId, channel, from, to, today, cancellation)));
        }

        var every = Math.Max(1, (to.DayNumber - from.DayNumber) / TemperatureSamples);
        var temperature = (await ProjectedTimeline.TemperatureAsync(session, relationshipId, from, to, every, TemperatureWindowDays, cancellation))
            .Select(t => new TemperaturePoint(t.Day, TemperatureWindow.Mean(t.Goldstein, t.Count)))
            .ToList();
        return new RelationshipChart(relationshipId, asOf, from, to, state, lanes, engagements, temperature) { Asked = period, WholeHistory = (Earlier(whole.From, asOf), Later(whole.To, asOf)) };
    }

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
