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

        var records = await EngagementHistory.OfRelationshipAsync(session, relationshipId, cancellation);
        var engagements = records.Where(r => r.RetractedAt is null).Select(r => r.Current!).Order(OccurrenceOrder.Instance);
        return RelationshipState.Evaluate(relationshipId, engagements, asOf, windows);
    }
}
