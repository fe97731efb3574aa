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
        IReadOnlyList<RecordEngagement> submissions,
        DateOnly today,
        CancellationToken cancellation)
    {
        var engagements = AcceptAll(submissions, today);
        var relationshipIds = engagements.Select(a => RelationshipKey.For(a.Engagement.Initiator.Country, a.Engagement.Counterpart.Country)).ToList();
        await using var entered = await locks.EnterAsync(relationshipIds, cancellation);
        await LockRelationshipsAsync(session, relationshipIds, cancellation);

        var ids = engagements.Select(a => a.Engagement)
            .SelectMany(e => e.Retracts is { } target ? [e.SourceId, target] : new[] { e.SourceId })
            .Distinct()
            .ToArray();
        var known = (await session.LoadManyAsync<EngagementSource>(cancellation, ids)).ToDictionary(s => s.Id);

        var outcomes = new List<EngagementRecorded>(engagements.Count);
        var recorded = new List<EngagementSource>(engagements.Count);
        for (var index = 0; index < engagements.Count; index++)
        {
            var (engagement, fingerprint) = engagements[index];
            var decision = Itemised(submissions.Count, index, () => EngagementRecording.Decide(
                engagement,
                fingerprint,
                known.GetValueOrDefault(engagement.SourceId),
                engagement.Retracts is { } target ? known.GetValueOrDefault(target) : null));
            if (decision is RecordingDecision.Append append)
            {
                session.Events.Append(append.RelationshipId, append.Event);
                recorded.Add(append.Source);
                known[engagement.SourceId] = append.Source;
            }

            outcomes.Add(Outcome(decision, engagement.SourceId));
        }

        // Insert, not upsert: a concurrent submission of the same sourceId fails and is retried as a duplicate.
        EngagementSources.InsertAll(session, recorded);

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

    /// <summary>
    /// Validates every submission and fingerprints it; in a batch, the errors of all bad items at once, named
    /// "[index].field".
    /// </summary>
    private static List<(Engagement Engagement, string Fingerprint)> AcceptAll(IReadOnlyList<RecordEngagement> submissions, DateOnly today)
    {
        if (submissions.Count == 1)
        {
            var engagement = Submissions.Accept(submissions[0], today);
            return [(engagement, EngagementRecording.Fingerprint(engagement))];
        }

        // Validating and fingerprinting are the dearest steps of a large batch and need no I/O: spread them over the
        // cores, before the relationships are locked.
        var accepted = new (Engagement Engagement, string Fingerprint)[submissions.Count];
        var errors = new FieldError[submissions.Count][];
        Parallel.For(0, submissions.Count, index =>
        {
            try
            {
                var engagement = Submissions.Accept(submissions[index], today);
                accepted[index] = (engagement, EngagementRecording.Fingerprint(engagement));
            }
            catch (InvalidEngagementException invalid)
            {
                errors[index] = [.. invalid.Errors.Select(e => e with { Field = $"[{index}].{e.Field}" })];
            }
        });

        var problems = errors.Where(e => e is not null).SelectMany(e => e).ToList();
        return problems.Count == 0 ? [.. accepted] : throw new InvalidEngagementException(null, problems);
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
