namespace RelationsTracker.Contracts;

/// <summary>
/// Asks the tracker to record one engagement between two countries. The JSON form (camelCase) is the public
/// contract shared by HTTP, the message bus and files. Every member is optional here so that the tracker can
/// answer a bad submission with one error per field rather than a serializer failure.
/// </summary>
public sealed record RecordEngagement
{
    /// <summary>The submitter's stable id for this engagement; the idempotency key (at most 200 characters).</summary>
    public string? SourceId { get; init; }

    /// <summary>meeting, visit, call, planned, outreach, rebuff, statement, suspension, restoration, sanction, assessment,
    /// retraction, or coded (any other CAMEO-coded event from a data set; it needs <see cref="Cameo"/>).</summary>
    public string? Kind { get; init; }

    /// <summary>YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known.</summary>
    public string? OccurredOn { get; init; }

    /// <summary>Last day of an engagement over several days (a visit, say).</summary>
    public string? EndedOn { get; init; }

    /// <summary>For a planned engagement: when it was announced (it is known, and shown as upcoming, from then on).</summary>
    public string? AnnouncedOn { get; init; }

    public Participant? Initiator { get; init; }

    public Participant? Counterpart { get; init; }

    /// <summary>military, diplomatic, economic, climate, leaders or legislative; derived from the sectors when absent.</summary>
    public string? Channel { get; init; }

    /// <summary>For a statement: supportive, critical or neutral.</summary>
    public string? Stance { get; init; }

    /// <summary>For an assessment: the status the observer judged the channel to be in (open, stalled, suspended, resuming).</summary>
    public string? AssessedStatus { get; init; }

    /// <summary>For a retraction: the sourceId of the engagement it withdraws.</summary>
    public string? Retracts { get; init; }

    public string? Location { get; init; }

    public string? Summary { get; init; }

    public int? DurationMinutes { get; init; }

    /// <summary>A CAMEO code that overrides the kind's default code.</summary>
    public string? Cameo { get; init; }

    /// <summary>The Goldstein score as a data set gives it (-10 to 10); overrides the CAMEO table's score.</summary>
    public double? Goldstein { get; init; }

    public SourceReference? Source { get; init; }
}

/// <summary>One side of an engagement.</summary>
public sealed record Participant
{
    /// <summary>ISO 3166-1 alpha-3 code.</summary>
    public string? Country { get; init; }

    public string? Name { get; init; }

    public string? Title { get; init; }

    /// <summary>military, defense, diplomatic, executive, economic, climate, legislative or other.</summary>
    public string? Sector { get; init; }
}

/// <summary>Where the report of an engagement came from.</summary>
public sealed record SourceReference
{
    public string? Publisher { get; init; }

    public string? Url { get; init; }

    public string? PublishedOn { get; init; }

    public string? Quote { get; init; }
}

/// <summary>Records several engagements at once, atomically: all of them or, if any is invalid, none.</summary>
public sealed record RecordEngagements(IReadOnlyList<RecordEngagement> Engagements);

/// <summary>
/// Hands several engagements to the queue in one message, for publishers with many to send: each is recorded, or
/// dead-lettered with its own reason, as if published alone. (Unlike <see cref="RecordEngagements"/>, not atomic.)
/// </summary>
public sealed record SubmitEngagements(IReadOnlyList<RecordEngagement> Engagements);

/// <summary>Records a new version of an engagement already recorded under <see cref="SourceId"/>.</summary>
public sealed record CorrectEngagement(string SourceId, RecordEngagement Engagement);

/// <summary>
/// One queued engagement set aside from a batch that could not be recorded whole, to be recorded (or dead-lettered
/// with its own reason) on its own.
/// </summary>
public sealed record RecordEngagementAlone(RecordEngagement Engagement);
