using JasperFx.Events;
using Marten.Events.Aggregation;
using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// A small document per relationship: which countries, how many engagements in force, over what dates.
/// The engagements themselves are read from the relationship's events (<see cref="EngagementHistory"/>).
/// </summary>
public sealed class RelationshipSummary
{
    public string Id { get; set; } = string.Empty;

    public string[] Countries { get; set; } = [];

    public int Engagements { get; set; }

    public DateTimeOffset LastRecordedAt { get; set; }
}

/// <summary>Keeps <see cref="RelationshipSummary"/> in the same transaction as the events (inline).</summary>
public sealed partial class RelationshipSummaryProjection : SingleStreamProjection<RelationshipSummary, string>
{
    public override RelationshipSummary Evolve(RelationshipSummary? snapshot, string id, IEvent e)
    {
        var summary = snapshot ?? new RelationshipSummary { Id = id, Countries = RelationshipKey.Countries(id) };
        summary.LastRecordedAt = RecordingTime.Of(e);
        summary.Engagements += e.Data switch
        {
            EngagementRetracted => -1,
            EngagementCorrected => 0,
            IEngagementEvent => 1,
            _ => 0,
        };
        return summary;
    }
}
