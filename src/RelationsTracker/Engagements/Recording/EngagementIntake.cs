using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Relationships;

namespace RelationsTracker.Engagements.Recording;

/// <summary>What the tracker did with a submission.</summary>
public sealed record EngagementRecorded(string SourceId, string RelationshipId, bool Duplicate);

/// <summary>
/// The one way engagements get in, whatever brought them (queue, HTTP, command line, import): validate them all,
/// decide each against what is stored, and append the events in the caller's transaction.
/// </summary>
public static class EngagementIntake
{
    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static async Task<IReadOnlyList<EngagementRecorded>> RecordAsync(
        IDocumentSession session,
        RelationshipLocks locks,
        EngagementCopy copy,
        IReadOnlyList<RecordEngagement> submissions,
        DateOnly today,
        CancellationToken cancellation)
    {
        // The events' JSON lives in the batch until they are written.
        using var batch = PreparedBatch.Prepare(submissions, today, session.DocumentStore.Options.Serializer(), cancellation);
        var engagements = Accepted(batch.Engagements);
        var relationshipIds = engagements.Select(e => e.RelationshipId).ToList();
        await using var entered = await locks.EnterAsync(relationshipIds, cancellation);
        await LockRelationshipsAsync(session, relationshipIds, cancellation);

        var known = (await session.LoadManyAsync<EngagementSource>(cancellation, PreparedEngagement.SourceIdsToRead(engagements))).ToDictionary(s => s.Id);

        var outcomes = new List<EngagementRecorded>(engagements.Length);
        var appends = new List<PlannedAppend>(engagements.Length);
        for (var index = 0; index < engagements.Length; index++)
        {
            var prepared = engagements[index];
            var engagement = prepared.Engagement!;
            var decision = Itemised(submissions.Count, index, () => EngagementRecording.Decide(
                engagement,
                prepared.Fingerprint,
                known.GetValueOrDefault(engagement.SourceId),
                engagement.Retracts is { } target ? known.GetValueOrDefault(target) : null));
            if (decision is RecordingDecision.Append append)
            {
                appends.Add(new PlannedAppend(prepared, append));
                known[engagement.SourceId] = append.Source;
            }

            outcomes.Add(Outcome(decision, engagement.SourceId));
        }

        await copy.AppendAsync(session.Connection, appends, cancellation);

        // Insert, not upsert: a concurrent submission of the same sourceId fails and is retried as a duplicate.
        // Queued in the session, so that it commits the transaction with whatever else the handler queued (the
        // messages of Wolverine's outbox).
        EngagementSources.InsertAll(session, [.. appends.Select(a => a.Decision.Source)]);

        // Commit while the relationships are still ours.
        await session.SaveChangesAsync(cancellation);
        return outcomes;
    }

    public static async Task<EngagementRecorded> CorrectAsync(
        IDocumentSession session, RelationshipLocks locks, CorrectEngagement command, DateOnly today, CancellationToken cancellation)
    {
        var correction = Submissions.Accept(command.Engagement with { SourceId = command.SourceId }, today);
        string[] relationshipIds = [RelationshipKey.For(correction.Initiator.Country, correction.Counterpart.Country)];
        await using var entered = await locks.EnterAsync(relationshipIds, cancellation);
        await LockRelationshipsAsync(session, relationshipIds, cancellation);

        var existing = await session.LoadAsync<EngagementSource>(command.SourceId, cancellation);
        var record = await EngagementHistory.FindAsync(session, command.SourceId, cancellation);
        var decision = EngagementRecording.DecideCorrection(correction, existing, record);
        if (decision is RecordingDecision.Append append)
        {
            session.Events.Append(append.RelationshipId, append.Event);
            session.Update(append.Source);
        }

        await session.SaveChangesAsync(cancellation);
        return Outcome(decision, command.SourceId);
    }

    /// <summary>
    /// Serialises writers of the same relationship across processes (another server, an import): a
    /// transaction-scoped advisory lock per relationship, taken in key order so that batches cannot deadlock.
    /// Without it, concurrent appends to one stream collide on the event version and must be retried.
    /// </summary>
    private static async Task LockRelationshipsAsync(IDocumentSession session, IEnumerable<string> relationshipIds, CancellationToken cancellation)
    {
        await session.BeginTransactionAsync(cancellation);
        var keys = relationshipIds.Distinct().Order(StringComparer.Ordinal).ToArray();
        await session.QueryAsync<int>(RelationshipLocks.AdvisoryLockSql("?"), cancellation, [keys]);
    }

    private static EngagementRecorded Outcome(RecordingDecision decision, string sourceId) => decision switch
    {
        RecordingDecision.Append append => new EngagementRecorded(sourceId, append.RelationshipId, Duplicate: false),
        RecordingDecision.Duplicate duplicate => new EngagementRecorded(sourceId, duplicate.Existing.RelationshipId, Duplicate: true),
        _ => throw new InvalidOperationException($"Unhandled decision {decision}."),
    };

    /// <summary>The prepared submissions if all are valid; otherwise the errors of every bad one, in a batch named "[index].field".</summary>
    private static PreparedEngagement[] Accepted(PreparedEngagement[] prepared)
    {
        if (prepared.Length == 1 && prepared[0].Engagement is null)
        {
            throw new InvalidEngagementException(prepared[0].SourceId, prepared[0].Errors);
        }

        var problems = prepared.SelectMany((p, index) => p.Errors.Select(e => e with { Field = $"[{index}].{e.Field}" })).ToList();
        return problems.Count == 0 ? prepared : throw new InvalidEngagementException(null, problems);
    }

    private static RecordingDecision Itemised(int count, int index, Func<RecordingDecision> decide)
    {
        try
        {
            return decide();
        }
        catch (InvalidEngagementException invalid) when (count > 1)
        {
            throw new InvalidEngagementException(invalid.SourceId, [.. invalid.Errors.Select(e => e with { Field = $"[{index}].{e.Field}" })]);
        }
    }
}
