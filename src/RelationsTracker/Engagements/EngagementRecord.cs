using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Projections;

namespace RelationsTracker.Engagements;

/// <summary>
/// One engagement as the tracker holds it: every version recorded (the first, then corrections) and, if it was
/// withdrawn, when and by which retraction. Queries use the latest version of the engagements not retracted.
/// </summary>
public sealed class EngagementRecord
{
    public string Id { get; set; } = string.Empty;

    public string RelationshipId { get; set; } = string.Empty;

    public List<EngagementVersion> Versions { get; set; } = [];

    public DateTimeOffset? RetractedAt { get; set; }

    public string? RetractedBy { get; set; }

    /// <summary>The start of the date the current version is known from; indexed for as-of queries.</summary>
    public DateOnly KnownFrom { get; set; }

    [JsonIgnore]
    public Engagement? Current => Versions.Count == 0 ? null : Versions[^1].Engagement;
}

public sealed record EngagementVersion(int Version, Engagement Engagement, DateTimeOffset RecordedAt);

/// <summary>Keeps one <see cref="EngagementRecord"/> per sourceId, inline with the events.</summary>
public sealed partial class EngagementRecordProjection : MultiStreamProjection<EngagementRecord, string>
{
    public EngagementRecordProjection()
    {
        // A retraction updates the record of the engagement it withdraws.
        Identity<IEngagementEvent>(e => e is EngagementRetracted ? e.Engagement.Retracts! : e.Engagement.SourceId);
    }

    public override EngagementRecord? Evolve(EngagementRecord? snapshot, string id, IEvent e)
    {
        if (e.Data is not IEngagementEvent { Engagement: var engagement })
        {
            return snapshot;
        }

        var record = snapshot ?? new EngagementRecord { Id = id, RelationshipId = e.StreamKey! };
        if (e.Data is EngagementRetracted)
        {
            record.RetractedAt = e.Timestamp;
            record.RetractedBy = engagement.SourceId;
        }
        else
        {
            record.Versions.Add(new EngagementVersion(record.Versions.Count + 1, engagement, e.Timestamp));
            record.KnownFrom = engagement.KnownFrom.Start;
        }

        return record;
    }
}
