using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Engagements;

/// <summary>
/// One engagement as the tracker holds it: every version recorded (the first, then corrections) and, if it was
/// withdrawn, when and by which retraction. Folded from the relationship's events when read: keeping a document
/// per engagement would make every write several times dearer (measured: about 4x on the intake benchmark).
/// </summary>
public sealed class EngagementRecord
{
    public string Id { get; set; } = string.Empty;

    public string RelationshipId { get; set; } = string.Empty;

    public List<EngagementVersion> Versions { get; set; } = [];

    public DateTimeOffset? RetractedAt { get; set; }

    public string? RetractedBy { get; set; }

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
    /// The event's timestamp at PostgreSQL's precision (microseconds): an event just appended carries the .NET value
    /// (100 ns ticks), one read back the stored one, and both must give the same answers.
    /// </summary>
    public static DateTimeOffset Of(IEvent e) => new(e.Timestamp.Ticks - (e.Timestamp.Ticks % 10), e.Timestamp.Offset);
}

/// <summary>Reads engagement records from a relationship's events.</summary>
public static class EngagementHistory
{
    /// <summary>Folds events (in stream order) into one record per engagement; a pure function.</summary>
    public static IReadOnlyList<EngagementRecord> Fold(IEnumerable<IEvent> events)
    {
        var records = new Dictionary<string, EngagementRecord>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Data is not IEngagementEvent { Engagement: var engagement })
            {
                continue;
            }

            // A retraction updates the record of the engagement it withdraws.
            var id = e.Data is EngagementRetracted ? engagement.Retracts! : engagement.SourceId;
            if (!records.TryGetValue(id, out var record))
            {
                record = new EngagementRecord { Id = id, RelationshipId = e.StreamKey ?? string.Empty };
                records.Add(id, record);
            }

            if (e.Data is EngagementRetracted)
            {
                record.RetractedAt = RecordingTime.Of(e);
                record.RetractedBy = engagement.SourceId;
            }
            else
            {
                record.Versions.Add(new EngagementVersion(record.Versions.Count + 1, engagement, RecordingTime.Of(e)));
            }
        }

        return [.. records.Values.Where(r => r.Versions.Count > 0)];
    }

    /// <summary>Every engagement ever recorded in the relationship, retracted ones included.</summary>
    public static async Task<IReadOnlyList<EngagementRecord>> OfRelationshipAsync(
        IQuerySession session, string relationshipId, CancellationToken cancellation) =>
        Fold(await session.Events.FetchStreamAsync(relationshipId, token: cancellation));

    /// <summary>One engagement, read from only the events that concern it.</summary>
    public static async Task<EngagementRecord?> FindAsync(IQuerySession session, string sourceId, CancellationToken cancellation)
    {
        var source = await session.LoadAsync<EngagementSource>(sourceId, cancellation);
        if (source is null)
        {
            return null;
        }

        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == source.RelationshipId)
            .Where(e => e.MatchesSql("(d.data -> 'engagement' ->> 'sourceId' = ? or d.data -> 'engagement' ->> 'retracts' = ?)", sourceId, sourceId))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        return Fold(events).SingleOrDefault(r => r.Id == sourceId);
    }
}
