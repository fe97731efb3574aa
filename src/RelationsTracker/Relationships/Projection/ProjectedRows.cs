using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// <see cref="OccurrenceOrder"/> in SQL over <see cref="ProjectedTables.EngagementTable"/> (alias <c>e</c>): by the day
/// known from, the wider period first, then by sourceId in ordinal order (the "C" collation).
/// </summary>
internal static class ProjectedOrder
{
    public const string Earliest = "e.known_from, e.known_precision desc, e.source_id collate \"C\"";

    public const string Latest = "e.known_from desc, e.known_precision, e.source_id collate \"C\" desc";
}

/// <summary>A row of <see cref="ProjectedTables.EngagementTable"/>: the engagement, and what the questions select it by.</summary>
internal sealed record EngagementRow(
    string SourceId,
    string RelationshipId,
    int Channel,
    int Kind,
    int Signal,
    DateOnly KnownFrom,
    int KnownPrecision,
    DateOnly OccurredStart,
    int OccurredPrecision,
    DateOnly OccurredEnd,
    int RelatedChannels,
    decimal? Goldstein,
    int? QuadClass,
    string Data)
{
    public static EngagementRow Of(string relationshipId, Engagement engagement, Marten.ISerializer serializer) =>
        new(
            engagement.SourceId,
            relationshipId,
            (int)engagement.Channel,
            (int)engagement.Kind,
            (int)ChannelTimeline.SignalOf(engagement),
            engagement.KnownFrom.Start,
            (int)engagement.KnownFrom.Precision,
            engagement.OccurredOn.Start,
            (int)engagement.OccurredOn.Precision,
            engagement.OccurredOn.End,
            RelatedChannelsOf(engagement),
            engagement.Coding is { } coding ? (decimal)coding.Goldstein : null,
            engagement.Coding is { } coded ? (int)coded.QuadClass : null,
            serializer.ToJson(engagement));

    /// <summary>The channels (one bit each) for which the engagement is a related contact.</summary>
    public static int RelatedChannelsOf(Engagement engagement) =>
        Enum.GetValues<Channel>().Where(c => RelationshipState.IsRelatedContact(engagement, c)).Aggregate(0, (bits, c) => bits | Bit(c));

    public static int Bit(Channel channel) => 1 << (int)channel;
}

/// <summary>
/// A row of <see cref="ProjectedTables.StepTable"/>: one step of a channel's status, at its position in fold order,
/// with the engagement whose arrival in the fold emitted it and a fingerprint of the step, which tells a refold that
/// it has met the stored steps again. The step names its deciding engagements by sourceId: they are in force, and a
/// correction of one that leaves the step as it was changes what the step reads, as a fold from the start would.
/// </summary>
internal sealed record StepRow(
    string RelationshipId,
    int Channel,
    long Index,
    DateOnly? EmittedOn,
    string? EmittedBy,
    DateOnly From,
    DateOnly? NextFrom,
    int Status,
    DateOnly SinceDay,
    string Since,
    bool Extends,
    long Fingerprint,
    string Reason,
    string[] DecidedBy)
{
    public static StepRow Of(ChannelKey key, long index, EmittedStep emitted, DateOnly? nextFrom)
    {
        var interval = emitted.Step.Status;
        if (interval.DecidedBy.Count is not (1 or 2))
        {
            throw new InvalidOperationException($"A step is decided by its first engagement and its latest; this one names {interval.DecidedBy.Count}.");
        }

        return new(
            key.RelationshipId,
            (int)key.Channel,
            index,
            emitted.EmittedBy?.KnownFrom.Start,
            emitted.EmittedBy?.SourceId,
            emitted.Step.From,
            nextFrom,
            (int)interval.Status,
            interval.Since.Start,
            interval.Since.ToString(),
            emitted.Step.Extends,
            FingerprintOf(emitted.Step),
            interval.Reason,
            [.. interval.DecidedBy.Select(e => e.SourceId)]);
    }

    /// <summary>
    /// What the stored step says: the reason spells out its deciding engagements, as far as a fold reads them, and a
    /// change of what it does not spell out reaches the step through the sourceIds.
    /// </summary>
    public static long FingerprintOf(StatusStep step)
    {
        var interval = step.Status;
        var text = $"{step.From:yyyy-MM-dd}|{step.Extends}|{interval.Status}|{interval.Since}|{string.Join('|', interval.DecidedBy.Select(e => e.SourceId))}|{interval.Reason}";
        return BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
