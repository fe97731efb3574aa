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
/// it has met the stored steps again.
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
    string Step)
{
    public static StepRow Of(ChannelKey key, long index, EmittedStep emitted, DateOnly? nextFrom, Marten.ISerializer serializer)
    {
        var interval = emitted.Step.Status;
        var json = serializer.ToJson(interval);
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
            FingerprintOf(emitted.Step, json),
            json);
    }

    public static long FingerprintOf(StatusStep step, Marten.ISerializer serializer) => FingerprintOf(step, serializer.ToJson(step.Status));

    private static long FingerprintOf(StatusStep step, string json) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{step.From:yyyy-MM-dd}|{step.Extends}|{json}")));
}
