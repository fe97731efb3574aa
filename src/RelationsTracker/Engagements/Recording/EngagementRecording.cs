using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using RelationsTracker.Relationships;

namespace RelationsTracker.Engagements.Recording;

/// <summary>Marks a sourceId as recorded, in the same transaction as its event: the idempotency key.</summary>
public sealed record EngagementSource(string Id, string RelationshipId, string Fingerprint);

/// <summary>What recording an engagement comes to.</summary>
public abstract record RecordingDecision
{
    /// <summary>Append the event to the relationship's stream and remember the sourceId (with its new fingerprint).</summary>
    public sealed record Append(string RelationshipId, IEngagementEvent Event, EngagementSource Source) : RecordingDecision;

    /// <summary>The same engagement again: nothing to store.</summary>
    public sealed record Duplicate(EngagementSource Existing) : RecordingDecision;
}

/// <summary>A decision about the engagement at <paramref name="Index"/> of a batch.</summary>
public sealed record Decided<TDecision>(int Index, TDecision Decision)
    where TDecision : RecordingDecision;

/// <summary>Why an engagement of a batch is not recorded.</summary>
public enum RejectionReason
{
    /// <summary>It fails validation, or retracts an engagement of another relationship.</summary>
    Invalid,

    /// <summary>A retraction whose only fault is that the engagement it retracts is not recorded, or not yet.</summary>
    RetractsWhatIsNotRecorded,

    /// <summary>Its sourceId is recorded with different content.</summary>
    Conflict,
}

/// <summary>The engagement at <paramref name="Index"/> of a batch is not recorded, for <paramref name="Reason"/>.</summary>
public sealed record Rejection(int Index, string? SourceId, RejectionReason Reason, IReadOnlyList<FieldError> Errors)
{
    /// <summary>"sourceId: reason", as an import reports it.</summary>
    public string Describe() =>
        $"{SourceId}: " + (Reason == RejectionReason.Conflict
            ? "already recorded with different content"
            : string.Join("; ", Errors.Select(e => $"{e.Field}: {e.Problem}")));
}

/// <summary>What a batch comes to: every engagement of it is in exactly one of the three lists, each in batch order.</summary>
public sealed record BatchDecision(
    IReadOnlyList<Decided<RecordingDecision.Append>> Appends,
    IReadOnlyList<Decided<RecordingDecision.Duplicate>> Duplicates,
    IReadOnlyList<Rejection> Rejections);

/// <summary>The pure rules of recording and correcting engagements.</summary>
public static class EngagementRecording
{
    /// <summary>
    /// Decides a batch in order against the markers <paramref name="recorded"/> and those of the batch's own appends
    /// before each engagement: a repeat within the batch is a duplicate, and a retraction may retract an engagement
    /// appended earlier in the batch. Whoever records the batch (the intake, all or nothing; an import, what it can)
    /// appends <see cref="BatchDecision.Appends"/> with their markers in one transaction.
    /// </summary>
    public static BatchDecision DecideBatch(IReadOnlyList<PreparedEngagement> batch, IReadOnlyDictionary<string, EngagementSource> recorded)
    {
        var known = new Dictionary<string, EngagementSource>(recorded, StringComparer.Ordinal);
        var appends = new List<Decided<RecordingDecision.Append>>(batch.Count);
        var duplicates = new List<Decided<RecordingDecision.Duplicate>>();
        var rejections = new List<Rejection>();
        for (var index = 0; index < batch.Count; index++)
        {
            if (batch[index] is not { Engagement: { } engagement } prepared)
            {
                rejections.Add(new Rejection(index, batch[index].SourceId, RejectionReason.Invalid, batch[index].Errors));
                continue;
            }

            var existing = known.GetValueOrDefault(engagement.SourceId);
            var retracted = engagement.Retracts is { } target ? known.GetValueOrDefault(target) : null;
            try
            {
                switch (Decide(engagement, prepared.Fingerprint, existing, retracted))
                {
                    case RecordingDecision.Append append:
                        appends.Add(new(index, append));
                        known[engagement.SourceId] = append.Source;
                        break;
                    case RecordingDecision.Duplicate duplicate:
                        duplicates.Add(new(index, duplicate));
                        break;
                }
            }
            catch (InvalidEngagementException invalid)
            {
                var reason = invalid.RetractsWhatIsNotRecorded ? RejectionReason.RetractsWhatIsNotRecorded : RejectionReason.Invalid;
                rejections.Add(new Rejection(index, engagement.SourceId, reason, invalid.Errors));
            }
            catch (EngagementConflictException)
            {
                rejections.Add(new Rejection(index, engagement.SourceId, RejectionReason.Conflict, []));
            }
        }

        return new BatchDecision(appends, duplicates, rejections);
    }

    /// <param name="engagement">The validated engagement.</param>
    /// <param name="fingerprint">The engagement's <see cref="Fingerprint"/>, computed beforehand, off the locked path.</param>
    /// <param name="existing">What is stored under the same sourceId, if anything.</param>
    /// <param name="retracted">For a retraction: what is stored under the sourceId it withdraws.</param>
    public static RecordingDecision Decide(Engagement engagement, string fingerprint, EngagementSource? existing, EngagementSource? retracted)
    {
        var relationshipId = RelationshipKey.For(engagement.Initiator.Country, engagement.Counterpart.Country);
        if (existing is not null)
        {
            return existing.Fingerprint == fingerprint
                ? new RecordingDecision.Duplicate(existing)
                : throw new EngagementConflictException(engagement.SourceId);
        }

        if (engagement.Kind == EngagementKind.Retraction)
        {
            CheckRetractionTarget(engagement, relationshipId, retracted);
        }

        return new RecordingDecision.Append(
            relationshipId,
            EngagementEvents.For(engagement),
            new EngagementSource(engagement.SourceId, relationshipId, fingerprint));
    }

    /// <summary>A correction: a new version of a recorded engagement, in the same relationship.</summary>
    public static RecordingDecision DecideCorrection(Engagement correction, EngagementSource? existing, EngagementRecord? record)
    {
        if (existing is null || record?.Current is not { } current)
        {
            throw new EngagementNotFoundException(correction.SourceId);
        }

        var relationshipId = RelationshipKey.For(correction.Initiator.Country, correction.Counterpart.Country);
        var problem = (record.RetractedAt, correction.Kind, current.Kind) switch
        {
            ({ }, _, _) => new FieldError("sourceId", $"Engagement '{correction.SourceId}' was retracted by '{record.RetractedBy}'; it cannot be corrected."),
            (_, EngagementKind.Retraction, _) or (_, _, EngagementKind.Retraction) =>
                new FieldError("kind", "A retraction cannot be corrected, nor can an engagement be corrected into one; record a retraction instead."),
            _ when relationshipId != existing.RelationshipId => new FieldError(
                "counterpart.country",
                $"A correction cannot move an engagement from {existing.RelationshipId} to {relationshipId}; retract it and record a new one."),
            _ => null,
        };
        if (problem is not null)
        {
            throw new InvalidEngagementException(correction.SourceId, [problem]);
        }

        var fingerprint = Fingerprint(correction);
        return fingerprint == existing.Fingerprint
            ? new RecordingDecision.Duplicate(existing)
            : new RecordingDecision.Append(relationshipId, new EngagementCorrected(correction), existing with { Fingerprint = fingerprint });
    }

    private static void CheckRetractionTarget(Engagement engagement, string relationshipId, EngagementSource? retracted)
    {
        var problem = retracted is null
            ? $"No engagement '{engagement.Retracts}' is recorded."
            : retracted.RelationshipId != relationshipId
                ? $"Engagement '{engagement.Retracts}' belongs to {retracted.RelationshipId}, not {relationshipId}."
                : null;
        if (problem is not null)
        {
            throw new InvalidEngagementException(engagement.SourceId, [new FieldError("retracts", problem)], retractsWhatIsNotRecorded: retracted is null);
        }
    }

    /// <summary>
    /// A digest of the engagement's content, to tell a repeat from a different engagement under the same id.
    /// Absent and default values are left out, so that a field added in a later release does not turn every
    /// repeat of an earlier submission into a conflict.
    /// </summary>
    public static string Fingerprint(Engagement engagement)
    {
        // The JSON is only hashed: written into this thread's buffer, it allocates nothing per engagement (imports
        // fingerprint tens of thousands a second).
        var json = t_fingerprintJson ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_fingerprintWriter ??= new Utf8JsonWriter(json);
        json.ResetWrittenCount();
        writer.Reset(json);
        JsonSerializer.Serialize(writer, engagement, FingerprintJson);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(json.WrittenSpan, digest);
        return Convert.ToHexString(digest);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_fingerprintJson;

    [ThreadStatic]
    private static Utf8JsonWriter? t_fingerprintWriter;

    private static readonly JsonSerializerOptions FingerprintJson = new(JsonConventions.Apply(new JsonSerializerOptions()))
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };
}
