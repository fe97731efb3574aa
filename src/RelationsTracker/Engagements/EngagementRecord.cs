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

    /// <summary>
    /// The engagement as the tracker held it at <paramref name="knownAt"/>: the last version recorded by then,
    /// or null when it was not yet recorded or already retracted. Without a moment, the latest version unless retracted.
    /// </summary>
    public Engagement? AsKnownAt(DateTimeOffset? knownAt)
    {
        if (knownAt is not { } moment)
        {
            return RetractedAt is null ? Current : null;
        }

        if (RetractedAt <= moment)
        {
            return null;
        }

        // Versions are in recording order, so the last one recorded by then is the one in force.
        return Versions.LastOrDefault(v => v.RecordedAt <= moment)?.Engagement;
    }
}

public sealed record EngagementVersion(int Version, Engagement Engagement, DateTimeOffset RecordedAt);

/// <summary>When the tracker recorded an event.</summary>
public static class RecordingTime
{
    /// <summary>
    /// The event's timestamp at PostgreSQL's precision (microseconds): a live inline projection sees the .NET value
    /// (100 ns ticks), a rebuild the stored one, and both must produce the same documents.
    /// </summary>
    public static DateTimeOffset Of(IEvent e) => new(e.Timestamp.Ticks - (e.Timestamp.Ticks % 10), e.Timestamp.Offset);
}

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
            record.RetractedAt = RecordingTime.Of(e);
            record.RetractedBy = engagement.SourceId;
        }
        else
        {
            record.Versions.Add(new EngagementVersion(record.Versions.Count + 1, engagement, RecordingTime.Of(e)));
            record.KnownFrom = engagement.KnownFrom.Start;
        }

        return record;
    }
}
