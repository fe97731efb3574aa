using JasperFx.Events;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;

namespace RelationsTracker.Imports;

/// <summary>
/// A row of an import made ready off the writing thread: validated by the intake's validator, fingerprinted, and its
/// event and idempotency marker serialised; or refused, with the validator's errors.
/// </summary>
public sealed record PreparedRow(string? SourceId, Engagement? Engagement, string Fingerprint, IReadOnlyList<FieldError> Errors)
{
    /// <summary>The stored JSON of the row's event, when it is appended.</summary>
    public ReadOnlyMemory<byte> EventJson { get; init; }

    /// <summary>The stored JSON of the row's <see cref="EngagementSource"/>, when it is appended.</summary>
    public ReadOnlyMemory<byte> SourceJson { get; init; }

    public string RelationshipId => Engagement is { } e ? RelationshipKey.For(e.Initiator.Country, e.Counterpart.Country) : string.Empty;

    public static PreparedRow Prepare(RecordEngagement submission, DateOnly today, JsonSlab json)
    {
        Engagement engagement;
        try
        {
            engagement = Submissions.Accept(submission, today);
        }
        catch (InvalidEngagementException invalid)
        {
            return new PreparedRow(submission.SourceId, null, string.Empty, invalid.Errors);
        }

        var fingerprint = EngagementRecording.Fingerprint(engagement);
        var relationshipId = RelationshipKey.For(engagement.Initiator.Country, engagement.Counterpart.Country);
        return new PreparedRow(engagement.SourceId, engagement, fingerprint, [])
        {
            EventJson = json.Write(EngagementEvents.For(engagement)),
            SourceJson = json.Write(new EngagementSource(engagement.SourceId, relationshipId, fingerprint)),
        };
    }
}

/// <summary>A row to append: the decision of <see cref="EngagementRecording.Decide(Engagement, string, EngagementSource?, EngagementSource?)"/>.</summary>
public sealed record PlannedAppend(PreparedRow Row, RecordingDecision.Append Decision);

/// <summary>What a chunk of an import comes to against what is recorded.</summary>
public sealed class ChunkPlan
{
    public List<PlannedAppend> Appends { get; } = [];

    public long AlreadyRecorded { get; set; }

    /// <summary>Why each refused row was refused, "sourceId: reason", in file order.</summary>
    public List<string> Rejections { get; } = [];
}

/// <summary>
/// The pure rules of writing a chunk of an import in bulk, the same as the intake's for one batch: each row decided in
/// file order against what is recorded and what the chunk appended before it; events numbered as Marten numbers them;
/// the relationship summaries evolved by their projection.
/// </summary>
public static class ImportChunk
{
    /// <summary>The sourceIds whose markers the chunk must read: its rows' and their retraction targets'.</summary>
    public static string[] SourceIds(IEnumerable<PreparedRow> rows) =>
        rows.Where(r => r.Engagement is not null)
            .SelectMany(r => r.Engagement!.Retracts is { } target ? [r.Engagement.SourceId, target] : new[] { r.Engagement.SourceId })
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The relationships the chunk may write to, each once, in key order (the order their locks are taken in).</summary>
    public static string[] RelationshipIds(IEnumerable<PreparedRow> rows) =>
        rows.Where(r => r.Engagement is not null).Select(r => r.RelationshipId).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The chunk's rows in <paramref name="parts"/> parts that share no relationship, to be written at the same time
    /// without waiting for each other's locks: each relationship's rows stay together in file order, and the parts are
    /// about as large as each other (relationships taken largest first, each to the smallest part so far). Refused
    /// rows go to the first part.
    /// </summary>
    public static IReadOnlyList<PreparedRow[]> Partition(IReadOnlyList<PreparedRow> rows, int parts)
    {
        var relationships = rows.Where(r => r.Engagement is not null)
            .GroupBy(r => r.RelationshipId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        var sizes = new int[parts];
        var partOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var relationship in relationships)
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            partOf[relationship.Key] = smallest;
            sizes[smallest] += relationship.Count();
        }

        var split = Enumerable.Range(0, parts).Select(_ => new List<PreparedRow>()).ToArray();
        foreach (var row in rows)
        {
            split[row.Engagement is null ? 0 : partOf[row.RelationshipId]].Add(row);
        }

        return [.. split.Where(part => part.Count > 0).Select(part => part.ToArray())];
    }

    public static ChunkPlan Plan(IReadOnlyList<PreparedRow> rows, IReadOnlyDictionary<string, EngagementSource> recorded)
    {
        var known = new Dictionary<string, EngagementSource>(recorded, StringComparer.Ordinal);
        var plan = new ChunkPlan();
        foreach (var row in rows)
        {
            if (row.Engagement is not { } engagement)
            {
                plan.Rejections.Add($"{row.SourceId}: {string.Join("; ", row.Errors.Select(f => $"{f.Field}: {f.Problem}"))}");
                continue;
            }

            RecordingDecision decision;
            try
            {
                decision = EngagementRecording.Decide(
                    engagement,
                    row.Fingerprint,
                    known.GetValueOrDefault(engagement.SourceId),
                    engagement.Retracts is { } target ? known.GetValueOrDefault(target) : null);
            }
            catch (InvalidEngagementException invalid)
            {
                plan.Rejections.Add($"{engagement.SourceId}: {string.Join("; ", invalid.Errors.Select(f => $"{f.Field}: {f.Problem}"))}");
                continue;
            }
            catch (EngagementConflictException conflict)
            {
                plan.Rejections.Add($"{conflict.SourceId}: already recorded with different content");
                continue;
            }

            switch (decision)
            {
                case RecordingDecision.Append append:
                    plan.Appends.Add(new PlannedAppend(row, append));
                    known[engagement.SourceId] = append.Source;
                    break;
                case RecordingDecision.Duplicate:
                    plan.AlreadyRecorded++;
                    break;
            }
        }

        return plan;
    }

    /// <summary>
    /// The appended events as Marten numbers them: each stream's versions follow on from its current version without
    /// a gap, the global sequence numbers are taken in file order, and all are recorded at <paramref name="recordedAt"/>.
    /// </summary>
    /// <param name="versions">The current version of each stream that has one.</param>
    /// <param name="sequences">As many numbers of the event sequence as there are appends, ascending.</param>
    /// <param name="wrap">Wraps an event as Marten does (its event type name and .NET type name).</param>
    public static IReadOnlyList<IEvent> Number(
        IReadOnlyList<PlannedAppend> appends,
        IReadOnlyDictionary<string, long> versions,
        IReadOnlyList<long> sequences,
        DateTimeOffset recordedAt,
        Func<object, IEvent> wrap)
    {
        if (sequences.Count != appends.Count)
        {
            throw new ArgumentException($"{appends.Count} events need as many sequence numbers, not {sequences.Count}.", nameof(sequences));
        }

        var next = new Dictionary<string, long>(versions, StringComparer.Ordinal);
        var events = new IEvent[appends.Count];
        for (var index = 0; index < appends.Count; index++)
        {
            var stream = appends[index].Decision.RelationshipId;
            var version = next.GetValueOrDefault(stream) + 1;
            next[stream] = version;
            var e = wrap(appends[index].Decision.Event);
            e.Id = Guid.CreateVersion7(recordedAt);
            e.StreamKey = stream;
            e.Version = version;
            e.Sequence = sequences[index];
            e.Timestamp = recordedAt;
            events[index] = e;
        }

        return events;
    }

    /// <summary>
    /// The summaries of the relationships the events are appended to, evolved by <see cref="RelationshipSummaryProjection"/>
    /// from their stored state, with the version of the last event folded in (which Marten stores beside the document).
    /// </summary>
    public static IReadOnlyList<(RelationshipSummary Summary, long Version)> Summaries(
        IReadOnlyList<IEvent> events, IReadOnlyDictionary<string, RelationshipSummary> stored)
    {
        var projection = new RelationshipSummaryProjection();
        var evolved = new Dictionary<string, (RelationshipSummary Summary, long Version)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var snapshot = evolved.TryGetValue(e.StreamKey!, out var current) ? current.Summary : stored.GetValueOrDefault(e.StreamKey!);
            evolved[e.StreamKey!] = (projection.Evolve(snapshot, e.StreamKey!, e), e.Version);
        }

        return [.. evolved.Values];
    }
}
