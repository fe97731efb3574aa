using System.Security.Cryptography;
using System.Text;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Alerts;

/// <summary>Why a channel changed.</summary>
public enum ChangeCause
{
    /// <summary>A new engagement that leaves the channel's past as it was.</summary>
    Recorded,

    /// <summary>A late engagement that rewrote the channel's past.</summary>
    Backfill,

    Retraction,
    Correction,

    /// <summary>The passing of time, with no event: an open channel goes dormant.</summary>
    Time,
}

/// <summary>An interval of a channel's past as the change rules compare them: when it began, in what status, since when.</summary>
public sealed record PastInterval(DateOnly From, ChannelStatus Status, string Since);

/// <summary>What a batch did to one channel, as far as the change rules need to know.</summary>
/// <param name="Before">The step in force today before the batch, if any.</param>
/// <param name="After">The step in force today after it, if any.</param>
/// <param name="Replaced">The past intervals among the stored steps the batch replaced, in order.</param>
/// <param name="Written">The past intervals among the steps it wrote instead, in order.</param>
/// <param name="Retracted">The batch retracted an engagement of the channel.</param>
/// <param name="Corrected">The batch corrected an engagement of the channel.</param>
public sealed record ChannelRewrite(
    StatusInterval? Before,
    StatusInterval? After,
    IReadOnlyList<PastInterval> Replaced,
    IReadOnlyList<PastInterval> Written,
    bool Retracted,
    bool Corrected);

/// <summary>
/// Which changes a batch makes: one per channel whose status as of today it changes, or whose past it rewrites.
/// The past counts as rewritten when a stored interval was removed or altered, or a new one came before it;
/// intervals that only follow the stored ones are the present moving on, not a rewrite.
/// </summary>
public static class ChannelChanges
{
    public static ChannelStatusChanged? Of(
        Guid changeId, string relationshipId, Channel channel, ChannelRewrite rewrite, DateOnly today, DateTimeOffset recordedAt)
    {
        var from = rewrite.Before?.Status ?? ChannelStatus.Unknown;
        var to = rewrite.After?.Status ?? ChannelStatus.Unknown;
        var rewritten = Rewritten(rewrite.Replaced, rewrite.Written);
        if (from == to && rewritten is null)
        {
            return null;
        }

        var cause = rewrite.Retracted ? ChangeCause.Retraction
            : rewrite.Corrected ? ChangeCause.Correction
            : rewritten is null ? ChangeCause.Recorded
            : ChangeCause.Backfill;
        return new ChannelStatusChanged(
            changeId,
            relationshipId,
            Word(channel),
            Word(from),
            Word(to),
            rewrite.After?.Since.ToString(),
            rewrite.After?.Reason ?? "No engagement in force decides the channel's status.",
            rewrite.After?.DecidedBy.Select(e => e.SourceId).ToList() ?? [],
            Word(cause),
            today,
            recordedAt,
            rewritten);
    }

    /// <summary>The past intervals that changed, or null when the written ones only follow the replaced ones.</summary>
    public static RewrittenPast? Rewritten(IReadOnlyList<PastInterval> replaced, IReadOnlyList<PastInterval> written)
    {
        var common = replaced.Zip(written).TakeWhile(p => p.First == p.Second).Count();
        if (common == replaced.Count)
        {
            return null;
        }

        var differing = replaced.Skip(common).Concat(written.Skip(common)).ToList();
        return new RewrittenPast(differing.Min(i => i.From), differing.Max(i => i.From));
    }

    /// <summary>
    /// The identity of the change a page of events makes to a channel, from the page's last event of the relationship:
    /// the same wherever and however often the page is projected, and different for every other page.
    /// </summary>
    public static Guid IdOf(Guid lastEventId, Channel channel) => UuidOf($"{lastEventId:N}|{channel}");

    /// <summary>A name-based UUID (version 8, from SHA-256).</summary>
    private static Guid UuidOf(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The identity of a change by the passing of time: that of the step that takes effect.</summary>
    public static Guid IdOf(string relationshipId, Channel channel, DateOnly from, long fingerprint) =>
        UuidOf($"time|{relationshipId}|{channel}|{from:yyyy-MM-dd}|{fingerprint}");

    public static string Word<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(char.ToLowerInvariant(name[0]), name[1..]);
    }
}
