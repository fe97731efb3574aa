using RelationsTracker.Engagements;
using static RelationsTracker.Engagements.EngagementDescriptions;

namespace RelationsTracker.Relationships.Channels;

/// <summary>A stretch of time over which a channel kept one status, and why.</summary>
public sealed record StatusInterval(
    ChannelStatus Status,
    OccurrenceDate Since,
    DateOnly? Until,
    string Reason,
    IReadOnlyList<Engagement> DecidedBy)
{
    /// <summary>True when an engagement that decided this status is dated only to the month or year.</summary>
    public bool RestsOnImpreciseDate => DecidedBy.Any(e => e.KnownFrom.IsImprecise);
}

/// <summary>
/// A change of a channel's status taking effect on <see cref="From"/>: a new interval, or, when
/// <see cref="Extends"/>, the open interval with its reason brought up to date by a further contact.
/// </summary>
public sealed record StatusStep(DateOnly From, StatusInterval Status, bool Extends);

/// <summary>
/// The rules that move a channel's status. Only these signals move it: a meeting, visit or call (success),
/// a rebuff or an assessment of "stalled" (negative), a suspension, a restoration, and other assessments.
/// Statements, outreach, sanctions and plans are evidence and temperature.
/// </summary>
public static class ChannelTimeline
{
    private enum Signal
    {
        None,
        Success,
        Negative,
        Suspension,
        Restoration,
    }

    /// <summary>
    /// The status intervals of one channel up to <paramref name="asOf"/>, from its engagements known by then
    /// (in <see cref="OccurrenceOrder"/>). The last interval is the status at <paramref name="asOf"/>; it is empty
    /// when the status is unknown.
    /// </summary>
    public static IReadOnlyList<StatusInterval> Build(IEnumerable<Engagement> onChannel, Channel channel, DateOnly asOf, int windowDays)
    {
        var intervals = new List<StatusInterval>();
        foreach (var step in Steps(onChannel, channel, windowDays).TakeWhile(s => s.From <= asOf))
        {
            if (!step.Extends && intervals.Count > 0)
            {
                intervals[^1] = intervals[^1] with { Until = step.Status.Since.Start.AddDays(-1) };
            }

            if (step.Extends)
            {
                intervals[^1] = step.Status;
            }
            else
            {
                intervals.Add(step.Status);
            }
        }

        return intervals;
    }

    /// <summary>
    /// Every change of the channel's status over all time, in order of the day it takes effect, from its
    /// engagements (in <see cref="OccurrenceOrder"/>): the status on any day is that of the last step taking effect
    /// by then. Each step's <see cref="StatusInterval.Until"/> is open.
    /// </summary>
    public static IReadOnlyList<StatusStep> Steps(IEnumerable<Engagement> onChannel, Channel channel, int windowDays)
    {
        var steps = new List<StatusStep>();
        Engagement? lastSuccess = null;

        void Move(ChannelStatus status, OccurrenceDate since, string reason, IReadOnlyList<Engagement> decidedBy) =>
            steps.Add(new StatusStep(since.Start, new StatusInterval(status, since, null, reason, decidedBy), Extends: false));

        // Was the channel, open after its last success, already dormant on this day?
        void ExpireOpenBy(DateOnly day)
        {
            if (Current() == ChannelStatus.Open && lastSuccess is { } success && day >= DormantFrom(success, windowDays))
            {
                Move(
                    ChannelStatus.Dormant,
                    OccurrenceDate.Day(DormantFrom(success, windowDays)),
                    $"Dormant: the last meeting, visit or call on the {Name(channel)} channel, {Describe(success)}, " +
                    $"is older than the {windowDays}-day activity window, and nothing negative came after it.",
                    [success]);
            }
        }

        ChannelStatus Current() => steps.Count == 0 ? ChannelStatus.Unknown : steps[^1].Status.Status;

        foreach (var engagement in onChannel.Where(e => e.Channel == channel))
        {
            var signal = SignalOf(engagement);
            if (signal == Signal.None)
            {
                continue;
            }

            ExpireOpenBy(engagement.KnownFrom.Start.AddDays(-1));
            var current = Current();
            switch (signal)
            {
                case Signal.Success when current == ChannelStatus.Open:
                    var open = steps[^1].Status;
                    steps.Add(new StatusStep(
                        engagement.KnownFrom.Start,
                        open with { Reason = OpenReason(channel, open.DecidedBy[0], engagement), DecidedBy = [open.DecidedBy[0], engagement] },
                        Extends: true));
                    break;
                case Signal.Success:
                    Move(ChannelStatus.Open, engagement.KnownFrom, OpenReason(channel, engagement, engagement), [engagement]);
                    break;
                case Signal.Negative when current is ChannelStatus.Stalled or ChannelStatus.Suspended:
                    // Already stalled or suspended: a further snub is evidence, not a change.
                    break;
                case Signal.Negative:
                    Move(
                        ChannelStatus.Stalled,
                        engagement.KnownFrom,
                        $"Stalled: {Describe(engagement)}; no meeting, visit or call on the {Name(channel)} channel since.",
                        [engagement]);
                    break;
                case Signal.Suspension when current != ChannelStatus.Suspended:
                    Move(
                        ChannelStatus.Suspended,
                        engagement.KnownFrom,
                        $"Suspended: {Describe(engagement)}; no restoration, meeting, visit or call since.",
                        [engagement]);
                    break;
                case Signal.Restoration when current != ChannelStatus.Resuming:
                    Move(
                        ChannelStatus.Resuming,
                        engagement.KnownFrom,
                        $"Resuming: {Describe(engagement)}; no meeting, visit or call on the {Name(channel)} channel since.",
                        [engagement]);
                    break;
            }

            if (signal == Signal.Success)
            {
                lastSuccess = engagement;
            }
        }

        ExpireOpenBy(DateOnly.MaxValue);
        return steps;
    }

    /// <summary>The status of the channel at <paramref name="asOf"/>.</summary>
    public static StatusInterval StatusAt(IEnumerable<Engagement> onChannel, Channel channel, DateOnly asOf, int windowDays) =>
        Build(onChannel, channel, asOf, windowDays) is { Count: > 0 } intervals ? intervals[^1] : Unknown(channel, asOf);

    /// <summary>The status of a channel with nothing that decides it by <paramref name="asOf"/>.</summary>
    public static StatusInterval Unknown(Channel channel, DateOnly asOf) =>
        new(
            ChannelStatus.Unknown,
            default,
            null,
            $"Unknown: no meeting, visit, call, rebuff, suspension, restoration or assessment on the {Name(channel)} channel as of {asOf:yyyy-MM-dd}.",
            []);

    private static Signal SignalOf(Engagement e) => e.Kind switch
    {
        EngagementKind.Meeting or EngagementKind.Visit or EngagementKind.Call => Signal.Success,
        EngagementKind.Rebuff => Signal.Negative,
        EngagementKind.Suspension => Signal.Suspension,
        EngagementKind.Restoration => Signal.Restoration,
        EngagementKind.Assessment => e.AssessedStatus switch
        {
            ChannelStatus.Stalled => Signal.Negative,
            ChannelStatus.Suspended => Signal.Suspension,
            ChannelStatus.Resuming => Signal.Restoration,
            ChannelStatus.Open => Signal.Success,
            _ => Signal.None,
        },
        _ => Signal.None,
    };

    /// <summary>The first day on which the success no longer counts as recent.</summary>
    private static DateOnly DormantFrom(Engagement success, int windowDays) => success.KnownFrom.Start.AddDays(windowDays + 1);

    private static string OpenReason(Channel channel, Engagement first, Engagement latest) =>
        first == latest
            ? $"Open: {Describe(first)}."
            : $"Open: {Describe(first)}; latest on the {Name(channel)} channel: {Describe(latest)}.";
}
