using Marten;
using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>Reads a relationship's state from the store; shared by HTTP and the command line.</summary>
public static class RelationshipQueries
{
    /// <summary>
    /// The state of the relationship on <paramref name="asOf"/>, or null when no engagement between the two is on
    /// record (never recorded, or all retracted).
    /// </summary>
    public static async Task<RelationshipState?> StateAsync(
        IQuerySession session, string relationshipId, DateOnly asOf, ActivityWindows windows, CancellationToken cancellation)
    {
        var summary = await session.LoadAsync<RelationshipSummary>(relationshipId, cancellation);
        if (summary is not { Engagements: > 0 })
        {
            return null;
        }

        var records = await session.Query<EngagementRecord>()
            .Where(r => r.RelationshipId == relationshipId && r.RetractedAt == null && r.KnownFrom <= asOf)
            .ToListAsync(cancellation);
        var engagements = records.Select(r => r.Current!).Order(OccurrenceOrder.Instance);
        return RelationshipState.Evaluate(relationshipId, engagements, asOf, windows);
    }
}
