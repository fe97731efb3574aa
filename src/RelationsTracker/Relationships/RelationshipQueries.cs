using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Listing;
using RelationsTracker.Relationships.Projection;
using RelationsTracker.Relationships.Timeline;

namespace RelationsTracker.Relationships;

/// <summary>
/// Every question about relationships the tracker answers, read from the projected state; the one read path of both
/// HTTP and the command line. Each waits first for the state to include the events committed before it was asked
/// (<see cref="StateFreshness"/>), unless the request or command waited for that already. Two times apply:
/// <c>asOf</c>, a date of occurrence (the state on that day), and <c>knownAt</c>, a moment of recording (what the
/// tracker held then: the versions recorded by then, the retractions made by then).
/// </summary>
public static class RelationshipQueries
{
    /// <summary>
    /// The state of the relationship on <paramref name="asOf"/>, as known at <paramref name="knownAt"/> (now when null),
    /// or null when no engagement between the two was on record then (never recorded, or all retracted).
    /// </summary>
    public static async Task<RelationshipState?> StateAsync(
        IQuerySession session,
        string relationshipId,
        DateOnly asOf,
        DateTimeOffset? knownAt,
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        if (knownAt is null)
        {
            await StateFreshness.EnsureAsync(session, cancellation);
            return await ProjectedState.AtAsync(session, relationshipId, asOf, cancellation);
        }

        // What was known at a past moment differs with every moment asked: evaluated, not kept.
        var known = InForce(await EngagementHistory.OfRelationshipAsync(session, relationshipId, cancellation), knownAt);
        return known.Count == 0 ? null : RelationshipState.Evaluate(relationshipId, known, asOf, windows) with { KnownAt = knownAt };
    }

    /// <summary>
    /// When the first engagement of the relationship was recorded, or null when none ever was: what a question about a
    /// moment before it is told.
    /// </summary>
    public static async Task<DateTimeOffset?> FirstRecordedAsync(IQuerySession session, string relationshipId, CancellationToken cancellation)
    {
        var first = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == relationshipId)
            .OrderBy(e => e.Sequence)
            .FirstOrDefaultAsync(cancellation);
        return first is null ? null : RecordingTime.Of(first);
    }

    /// <summary>
    /// One page of the relationships with an engagement known by <paramref name="asOf"/>, each with its channels'
    /// statuses on that day, kept by <paramref name="filter"/>, with how many it keeps in all.
    /// </summary>
    public static async Task<RelationshipListing> ListAsync(
        IQuerySession session, RelationshipFilter filter, DateOnly asOf, ListingPage page, CancellationToken cancellation)
    {
        await StateFreshness.EnsureAsync(session, cancellation);
        return await ProjectedListing.ListAsync(session, filter, asOf, page, cancellation);
    }

    /// <summary>The countries with a relationship known by <paramref name="asOf"/>, in order of their codes.</summary>
    public static async Task<IReadOnlyList<string>> CountriesAsync(IQuerySession session, DateOnly asOf, CancellationToken cancellation)
    {
        await StateFreshness.EnsureAsync(session, cancellation);
        return await ProjectedListing.CountriesAsync(session, asOf, cancellation);
    }

    /// <summary>
    /// One page of the relationship's engagements in force (not retracted, latest version), in order of occurrence,
    /// or null when none is on record.
    /// </summary>
    public static async Task<TimelinePage?> TimelineAsync(
        IQuerySession session, string relationshipId, TimelineQuery query, CancellationToken cancellation)
    {
        await StateFreshness.EnsureAsync(session, cancellation);
        return await ProjectedTimeline.PageAsync(session, relationshipId, query, cancellation);
    }

    /// <summary>
    /// The status intervals of one channel from <paramref name="from"/> to <paramref name="to"/> (up to
    /// <paramref name="today"/>, still open, when no end is given), or null when no engagement is on record.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryInterval>?> HistoryAsync(
        IQuerySession session,
        string relationshipId,
        Channel channel,
        DateOnly? from,
        DateOnly? to,
        DateOnly today,
        CancellationToken cancellation)
    {
        await StateFreshness.EnsureAsync(session, cancellation);
        return await ProjectedTimeline.ExistsAsync(session, relationshipId, cancellation)
            ? await IntervalsAsync(session, relationshipId, channel, from, to, today, cancellation)
            : null;
    }

    /// <summary><see cref="HistoryAsync"/> of a relationship known to be on record: no need to ask again.</summary>
    internal static async Task<IReadOnlyList<HistoryInterval>> IntervalsAsync(
        IQuerySession session,
        string relationshipId,
        Channel channel,
        DateOnly? from,
        DateOnly? to,
        DateOnly today,
        CancellationToken cancellation)
    {
        var asOf = to ?? today;
        var steps = await ProjectedTimeline.StepsAsync(session, relationshipId, channel, asOf, cancellation);
        return ChannelHistory.Clip(ChannelTimeline.Intervals(steps, asOf), from, to);
    }

    /// <summary>The engagements in force at a moment of recording (now when null), in order of occurrence.</summary>
    private static List<Engagement> InForce(IEnumerable<EngagementRecord> records, DateTimeOffset? knownAt) =>
        records.Select(r => r.AsKnownAt(knownAt)).OfType<Engagement>().Order(OccurrenceOrder.Instance).ToList();
}
