using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships.Channels;

/// <summary>
/// A stretch of a channel's history: its status from <see cref="From"/> to <see cref="To"/> (both included;
/// no end while it still holds), and why.
/// </summary>
public sealed record HistoryInterval(
    ChannelStatus Status,
    DateOnly From,
    DateOnly? To,
    string Reason,
    IReadOnlyList<string> DecidedBy,
    bool RestsOnImpreciseDate);

/// <summary>A channel's status intervals over a period, as an analyst reads them.</summary>
public static class ChannelHistory
{
    /// <summary>
    /// The intervals of <see cref="ChannelTimeline.Build"/> that overlap <paramref name="from"/>..<paramref name="to"/>,
    /// cut to that period. Intervals of no length — a status replaced the day it began, as when two engagements of
    /// the same day move the channel — are dropped: the channel never held them for a day.
    /// </summary>
    public static IReadOnlyList<HistoryInterval> Clip(IEnumerable<StatusInterval> intervals, DateOnly? from, DateOnly? to) =>
        intervals
            .Where(i => i.Until is null || i.Until >= i.Since.Start)
            .Where(i => (from is null || i.Until is null || i.Until >= from) && (to is null || i.Since.Start <= to))
            .Select(i => new HistoryInterval(
                i.Status,
                from is { } start && start > i.Since.Start ? start : i.Since.Start,
                Earlier(i.Until, to),
                i.Reason,
                i.DecidedBy.Select(e => e.SourceId).ToList(),
                i.RestsOnImpreciseDate))
            .ToList();

    private static DateOnly? Earlier(DateOnly? until, DateOnly? to) =>
        (until, to) switch
        {
            ({ } u, { } t) => u < t ? u : t,
            _ => until ?? to,
        };
}
