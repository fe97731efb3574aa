using JasperFx.Events;
using Marten.Events.Aggregation;
using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// The stored document of a relationship: every engagement in force, in order of occurrence. Statuses are not
/// stored: they depend on the date asked about (and on today's date for the activity window), so they are
/// evaluated at query time by <see cref="RelationshipState"/>.
/// </summary>
public sealed class Relationship
{
    public string Id { get; set; } = string.Empty;

    public List<RecordedEngagement> Engagements { get; set; } = [];

    /// <summary>sourceIds withdrawn by a retraction, kept so that arrival order does not matter.</summary>
    public List<string> Retracted { get; set; } = [];
}

/// <summary>An engagement in force, with when the tracker recorded it.</summary>
public sealed record RecordedEngagement(Engagement Engagement, DateTimeOffset RecordedAt);

/// <summary>Keeps <see cref="Relationship"/> up to date in the same transaction as the events (inline).</summary>
public sealed partial class RelationshipProjection : SingleStreamProjection<Relationship, string>
{
    public override Relationship Evolve(Relationship? snapshot, string id, IEvent e)
    {
        var relationship = snapshot ?? new Relationship { Id = id };
        if (e.Data is not IEngagementEvent { Engagement: var engagement })
        {
            return relationship;
        }

        if (engagement.Kind == EngagementKind.Retraction)
        {
            relationship.Retracted.Add(engagement.Retracts!);
            relationship.Engagements.RemoveAll(r => r.Engagement.SourceId == engagement.Retracts);
        }
        else if (!relationship.Retracted.Contains(engagement.SourceId))
        {
            Insert(relationship.Engagements, new RecordedEngagement(engagement, e.Timestamp));
        }

        return relationship;
    }

    /// <summary>Keeps the list in occurrence order, whatever the arrival order.</summary>
    private static void Insert(List<RecordedEngagement> engagements, RecordedEngagement recorded)
    {
        var index = engagements.BinarySearch(recorded, OccurrenceOrder.Recorded);
        engagements.Insert(index < 0 ? ~index : index, recorded);
    }
}
