using RelationsTracker.Contracts;
using RelationsTracker.Relationships;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// A submission (of a batch, a queued message or a row of an import) made ready before its relationships are locked:
/// validated and fingerprinted; or refused, with the validator's errors.
/// </summary>
public sealed record PreparedEngagement(string? SourceId, Engagement? Engagement, string Fingerprint, IReadOnlyList<FieldError> Errors)
{
    public string RelationshipId => Engagement is { } e ? RelationshipKey.For(e.Initiator.Country, e.Counterpart.Country) : string.Empty;

    /// <summary>The sourceIds whose markers must be read to decide the engagements: theirs and their retraction targets'.</summary>
    public static string[] SourceIdsToRead(IEnumerable<PreparedEngagement> prepared) =>
        prepared.Where(p => p.Engagement is not null)
            .SelectMany(p => p.Engagement!.Retracts is { } target ? [p.Engagement.SourceId, target] : new[] { p.Engagement.SourceId })
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The relationships the engagements may be appended to, each once, in key order (the order their locks are taken in).</summary>
    public static string[] RelationshipIds(IEnumerable<PreparedEngagement> prepared) =>
        prepared.Where(p => p.Engagement is not null).Select(p => p.RelationshipId).Distinct().Order(StringComparer.Ordinal).ToArray();

    public static PreparedEngagement Prepare(RecordEngagement? submission, DateOnly today)
    {
        // A null in a JSON array of engagements.
        if (submission is null)
        {
            return new PreparedEngagement(null, null, string.Empty, [new FieldError("engagement", "Is null; an engagement is a JSON object.")]);
        }

        Engagement engagement;
        try
        {
            engagement = Submissions.Accept(submission, today);
        }
        catch (InvalidEngagementException invalid)
        {
            return new PreparedEngagement(submission.SourceId, null, string.Empty, invalid.Errors);
        }

        return new PreparedEngagement(engagement.SourceId, engagement, EngagementRecording.Fingerprint(engagement), []);
    }

    /// <summary>
    /// Prepares the submissions, in order. Validating and fingerprinting are the dearest steps of a large batch and
    /// need no I/O: they are spread over the cores, before any relationship is locked.
    /// </summary>
    public static PreparedEngagement[] PrepareAll(IReadOnlyList<RecordEngagement> submissions, DateOnly today, CancellationToken cancellation = default)
    {
        if (submissions.Count == 1)
        {
            return [Prepare(submissions[0], today)];
        }

        var prepared = new PreparedEngagement[submissions.Count];
        Parallel.For(0, submissions.Count, new ParallelOptions { CancellationToken = cancellation }, index => prepared[index] = Prepare(submissions[index], today));
        return prepared;
    }
}
