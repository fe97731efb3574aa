using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Listing;
using RelationsTracker.Relationships.Timeline;

namespace RelationsTracker.Relationships;

/// <summary>
/// Every question about relationships the tracker answers, read from the store; the one read path of both HTTP and
/// the command line. Two times apply: <c>asOf</c>, a date of occurrence (the state on that day), and <c>knownAt</c>,
/// a moment of recording (what the tracker held then: the versions recorded by then, the retractions made by then).
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
            return (await HeldEngagements.ChronologyAsync(session, relationshipId, windows, cancellation))?.At(asOf);
        }

        // What was known at a past moment differs with every moment asked: evaluated, not kept.
        var known = InForce(await EngagementHistory.OfRelationshipAsync(session, relationshipId, cancellation), knownAt);
        return known.Count == 0 ? null : RelationshipState.Evaluate(relationshipId, known, asOf, windows) with { KnownAt = knownAt };
    }

    /// <summary>
    /// Every relationship with an engagement known by <paramref name="asOf"/>, each with its channels' statuses on
    /// that day, kept by <paramref name="filter"/>, in order of their keys.
    /// </summary>
    public static async Task<IReadOnlyList<RelationshipOverview>> ListAsync(
        IQuerySession session, RelationshipFilter filter, DateOnly asOf, ActivityWindows windows, CancellationToken cancellation)
    {
        var relationships = session.Query<RelationshipSummary>().Where(s => s.Engagements > 0);
        if (filter.Country is { } country)
        {
            relationships = relationships.Where(s => s.Countries.Contains(country));
        }

        if (filter.Relationship is { } relationshipId)
        {
            relationships = relationships.Where(s => s.Id == relationshipId);
        }

        var ids = (await relationships.Select(s => s.Id).ToListAsync(cancellation)).Order(StringComparer.Ordinal).ToList();
        return (await HeldEngagements.ChronologiesAsync(session, ids, windows, cancellation))
            .Where(c => c.IsKnownBy(asOf))
            .Select(c => c.OverviewAt(asOf))
            .Where(filter.Keeps)
            .ToList();
    }

    /// <summary>
    /// One page of the relationship's engagements in force (not retracted, latest version), in order of occurrence,
    /// or null when none is on record.
    /// </summary>
    public static async Task<TimelinePage?> TimelineAsync(
        IQuerySession session, string relationshipId, TimelineQuery query, CancellationToken cancellation)
    {
        var held = await HeldEngagements.NowAsync(session, relationshipId, cancellation);
        return held.Count == 0 ? null : TimelinePage.Of(relationshipId, held.Where(query.Keeps).ToList(), query.Page, query.PageSize);
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
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        var held = await HeldEngagements.NowAsync(session, relationshipId, cancellation);
        if (held.Count == 0)
        {
            return null;
        }

        var onChannel = held.Where(e => e.Channel == channel);
        return ChannelHistory.Clip(ChannelTimeline.Build(onChannel, channel, to ?? today, windows.For(channel)), from, to);
    }

    /// <summary>The engagements in force at a moment of recording (now when null), in order of occurrence.</summary>
    private static List<Engagement> InForce(IEnumerable<EngagementRecord> records, DateTimeOffset? knownAt) =>
        records.Select(r => r.AsKnownAt(knownAt)).OfType<Engagement>().Order(OccurrenceOrder.Instance).ToList();
}
