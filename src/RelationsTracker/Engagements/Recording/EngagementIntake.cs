using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Relationships;

namespace RelationsTracker.Engagements.Recording;

/// <summary>What the tracker did with a submission; for a correction, the engagement's version now in force.</summary>
public sealed record EngagementRecorded(string SourceId, string RelationshipId, bool Duplicate, int? Version = null);

/// <summary>
/// The one way engagements get in, whatever brought them (queue, HTTP, command line, import): validate them all,
/// decide them against what is stored, and append the events through Marten in the caller's transaction.
/// </summary>
public static class EngagementIntake
{
    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static async Task<IReadOnlyList<EngagementRecorded>> RecordAsync(
        IDocumentSession session,
        RelationshipLocks locks,
        IReadOnlyList<RecordEngagement> submissions,
        DateOnly today,
        CancellationToken cancellation)
    {
        var engagements = Accepted(PreparedEngagement.PrepareAll(submissions, today, cancellation));
        var decision = await AppendAsync(session, locks, engagements, refuse: Refuse, cancellation);

        var outcomes = new EngagementRecorded[engagements.Length];
        foreach (var (index, append) in decision.Appends)
        {
            outcomes[index] = Outcome(append, engagements[index].SourceId!);
        }

        foreach (var (index, duplicate) in decision.Duplicates)
        {
            outcomes[index] = Outcome(duplicate, engagements[index].SourceId!);
        }

        return outcomes;
    }

    /// <summary>
    /// Records prepared engagements in the session's transaction, under their relationships' locks: decides them
    /// against the stored markers (<see cref="EngagementRecording.DecideBatch"/>), lets <paramref name="refuse"/> throw
    /// to store nothing, then appends the events through Marten and inserts their markers, and commits. Every way in
    /// (the intake's batches and messages, an import's parts) writes this way.
    /// </summary>
    public static async Task<BatchDecision> AppendAsync(
        IDocumentSession session,
        RelationshipLocks locks,
        IReadOnlyList<PreparedEngagement> engagements,
        Action<BatchDecision>? refuse,
        CancellationToken cancellation)
    {
        var relationshipIds = PreparedEngagement.RelationshipIds(engagements);
        await using var entered = await locks.EnterAsync(relationshipIds, cancellation);
        await LockRelationshipsAsync(session, relationshipIds, cancellation);

        var recorded = await session.LoadManyAsync<EngagementSource>(cancellation, PreparedEngagement.SourceIdsToRead(engagements));
        var decision = EngagementRecording.DecideBatch(engagements, recorded.ToDictionary(s => s.Id, StringComparer.Ordinal));
        refuse?.Invoke(decision);

        foreach (var stream in decision.Appends.GroupBy(a => a.Decision.RelationshipId, a => (object)a.Decision.Event, StringComparer.Ordinal))
        {
            session.Events.Append(stream.Key, stream);
        }

        // Insert, not upsert: a concurrent submission of the same sourceId fails the transaction, and is retried as
        // a duplicate. Queued in the session, so that the markers commit with the events and with whatever else the
        // handler queued (the messages of Wolverine's outbox).
        session.Insert([.. decision.Appends.Select(a => a.Decision.Source)]);

        // Commit while the relationships are still ours.
        await session.SaveChangesAsync(cancellation);
        return decision;
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

        // Read and appended under the relationship's lock, in one transaction: no other correction came between.
        var versions = record?.Versions.Count ?? 0;
        return Outcome(decision, command.SourceId) with { Version = decision is RecordingDecision.Append ? versions + 1 : versions };
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

    /// <summary>A batch is recorded whole or not at all: the first engagement it cannot record refuses it.</summary>
    private static void Refuse(BatchDecision decision)
    {
        if (decision.Rejections is not [var first, ..])
        {
            return;
        }

        // Only a submission alone may wait for the engagement it retracts: a batch that fails is taken apart instead.
        var alone = decision.Appends.Count + decision.Duplicates.Count + decision.Rejections.Count == 1;
        throw first.Reason switch
        {
            RejectionReason.Conflict => new EngagementConflictException(first.SourceId!),
            _ when alone => new InvalidEngagementException(first.SourceId, first.Errors, first.Reason == RejectionReason.RetractsWhatIsNotRecorded),
            _ => new InvalidEngagementException(first.SourceId, [.. first.Errors.Select(e => e with { Field = $"[{first.Index}].{e.Field}" })]),
        };
    }
}
