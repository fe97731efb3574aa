using System.Collections.Concurrent;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Relationships;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// A submission (of a batch, a queued message or a row of an import) made ready before its relationships are locked:
/// validated, fingerprinted, and its event and idempotency marker serialised; or refused, with the validator's errors.
/// </summary>
public sealed record PreparedEngagement(string? SourceId, Engagement? Engagement, string Fingerprint, IReadOnlyList<FieldError> Errors)
{
    /// <summary>The stored JSON of the engagement's event, when it is appended.</summary>
    public ReadOnlyMemory<byte> EventJson { get; init; }

    /// <summary>The stored JSON of the engagement's <see cref="EngagementSource"/>, when it is appended.</summary>
    public ReadOnlyMemory<byte> SourceJson { get; init; }

    public string RelationshipId => Engagement is { } e ? RelationshipKey.For(e.Initiator.Country, e.Counterpart.Country) : string.Empty;

    /// <summary>The sourceIds whose markers must be read to decide the engagements: theirs and their retraction targets'.</summary>
    public static string[] SourceIdsToRead(IEnumerable<PreparedEngagement> prepared) =>
        prepared.Where(p => p.Engagement is not null)
            .SelectMany(p => p.Engagement!.Retracts is { } target ? [p.Engagement.SourceId, target] : new[] { p.Engagement.SourceId })
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public static PreparedEngagement Prepare(RecordEngagement submission, DateOnly today, JsonSlab json)
    {
        Engagement engagement;
        try
        {
            engagement = Submissions.Accept(submission, today);
        }
        catch (InvalidEngagementException invalid)
        {
            return new PreparedEngagement(submission.SourceId, null, string.Empty, invalid.Errors);
        }

        var fingerprint = EngagementRecording.Fingerprint(engagement);
        var relationshipId = RelationshipKey.For(engagement.Initiator.Country, engagement.Counterpart.Country);
        return new PreparedEngagement(engagement.SourceId, engagement, fingerprint, [])
        {
            EventJson = json.Write(EngagementEvents.For(engagement)),
            SourceJson = json.Write(new EngagementSource(engagement.SourceId, relationshipId, fingerprint)),
        };
    }
}

/// <summary>An engagement to append: the decision of <see cref="EngagementRecording.Decide(Engagement, string, EngagementSource?, EngagementSource?)"/>.</summary>
public sealed record PlannedAppend(PreparedEngagement Prepared, RecordingDecision.Append Decision);

/// <summary>Submissions made ready together, with the slabs that hold their JSON until they are written.</summary>
public sealed class PreparedBatch : IDisposable
{
    // Each range of submissions writes its JSON into a slab of its own.
    private const int PerSlab = 625;

    private readonly JsonSlab[] _slabs;

    private PreparedBatch(PreparedEngagement[] engagements, JsonSlab[] slabs)
    {
        Engagements = engagements;
        _slabs = slabs;
    }

    public PreparedEngagement[] Engagements { get; }

    /// <summary>
    /// Prepares the submissions in order. Validating, fingerprinting and serialising are the dearest steps of a large
    /// batch and need no I/O: they are spread over the cores, before any relationship is locked.
    /// </summary>
    public static PreparedBatch Prepare(IReadOnlyList<RecordEngagement> submissions, DateOnly today, ISerializer serializer, CancellationToken cancellation = default)
    {
        if (submissions.Count == 0)
        {
            return new PreparedBatch([], []);
        }

        var engagements = new PreparedEngagement[submissions.Count];
        var slabs = new JsonSlab[(submissions.Count + PerSlab - 1) / PerSlab];
        var options = new ParallelOptions { CancellationToken = cancellation };
        Parallel.ForEach(Partitioner.Create(0, submissions.Count, PerSlab), options, range =>
        {
            var json = slabs[range.Item1 / PerSlab] = new JsonSlab(serializer);
            for (var index = range.Item1; index < range.Item2; index++)
            {
                engagements[index] = PreparedEngagement.Prepare(submissions[index], today, json);
            }
        });
        return new PreparedBatch(engagements, slabs);
    }

    public void Dispose()
    {
        foreach (var slab in _slabs)
        {
            slab.Dispose();
        }
    }
}
