using Marten;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>What the tracker did with a submission.</summary>
public sealed record EngagementRecorded(string SourceId, string RelationshipId, bool Duplicate);

/// <summary>
/// The one way engagements get in, whatever brought them (queue, HTTP, command line, import): validate them all,
/// decide each against what is stored, and append the events in the caller's transaction.
/// </summary>
public static class EngagementIntake
{
    public static async Task<IReadOnlyList<EngagementRecorded>> RecordAsync(
        IDocumentSession session, IReadOnlyList<RecordEngagement> submissions, DateOnly today, CancellationToken cancellation)
    {
        var engagements = AcceptAll(submissions, today);
        var ids = engagements.SelectMany(e => e.Retracts is { } target ? [e.SourceId, target] : new[] { e.SourceId }).Distinct().ToArray();
        var known = (await session.LoadManyAsync<EngagementSource>(cancellation, ids)).ToDictionary(s => s.Id);

        var outcomes = new List<EngagementRecorded>(engagements.Count);
        for (var index = 0; index < engagements.Count; index++)
        {
            var engagement = engagements[index];
            var decision = Itemised(submissions.Count, index, () => EngagementRecording.Decide(
                engagement,
                known.GetValueOrDefault(engagement.SourceId),
                engagement.Retracts is { } target ? known.GetValueOrDefault(target) : null));
            outcomes.Add(Apply(session, decision, engagement.SourceId, known, isNew: true));
        }

        return outcomes;
    }

    public static async Task<EngagementRecorded> CorrectAsync(
        IDocumentSession session, CorrectEngagement command, DateOnly today, CancellationToken cancellation)
    {
        var correction = Submissions.Accept(command.Engagement with { SourceId = command.SourceId }, today);
        var existing = await session.LoadAsync<EngagementSource>(command.SourceId, cancellation);
        var record = await session.LoadAsync<EngagementRecord>(command.SourceId, cancellation);
        var decision = EngagementRecording.DecideCorrection(correction, existing, record);
        return Apply(session, decision, command.SourceId, new Dictionary<string, EngagementSource>(), isNew: false);
    }

    private static EngagementRecorded Apply(
        IDocumentSession session, RecordingDecision decision, string sourceId, Dictionary<string, EngagementSource> known, bool isNew)
    {
        switch (decision)
        {
            case RecordingDecision.Append append:
                session.Events.Append(append.RelationshipId, append.Event);
                if (isNew)
                {
                    // Insert, not upsert: a concurrent submission of the same sourceId fails and is retried as a duplicate.
                    session.Insert(append.Source);
                }
                else
                {
                    session.Update(append.Source);
                }

                known[sourceId] = append.Source;
                return new EngagementRecorded(sourceId, append.RelationshipId, Duplicate: false);
            case RecordingDecision.Duplicate duplicate:
                return new EngagementRecorded(sourceId, duplicate.Existing.RelationshipId, Duplicate: true);
            default:
                throw new InvalidOperationException($"Unhandled decision {decision}.");
        }
    }

    /// <summary>Validates every submission; in a batch, the errors of all bad items at once, named "[index].field".</summary>
    private static List<Engagement> AcceptAll(IReadOnlyList<RecordEngagement> submissions, DateOnly today)
    {
        var accepted = new List<Engagement>(submissions.Count);
        var errors = new List<FieldError>();
        for (var index = 0; index < submissions.Count; index++)
        {
            try
            {
                accepted.Add(Submissions.Accept(submissions[index], today));
            }
            catch (InvalidEngagementException invalid) when (submissions.Count > 1)
            {
                errors.AddRange(invalid.Errors.Select(e => e with { Field = $"[{index}].{e.Field}" }));
            }
        }

        return errors.Count == 0 ? accepted : throw new InvalidEngagementException(null, errors);
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
