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

/// <summary>What an engagement does to its channel's status.</summary>
internal enum Signal
{
    None,
    Success,
    Negative,
    Suspension,
    Restoration,
}

/// <summary>
/// The rules that move a channel's status. Only these signals move it: a meeting, visit or call (success),
/// a rebuff or an assessment of "stalled" (negative), a suspension, a restoration, and other assessments.
/// Statements, outreach, sanctions and plans are evidence and temperature.
/// </summary>
public static class ChannelTimeline
{
    /// <summary>
    /// The status intervals of one channel up to <paramref name="asOf"/>, from its engagements known by then
    /// (in <see cref="OccurrenceOrder"/>). The last interval is the status at <paramref name="asOf"/>; it is empty
    /// when the status is unknown.
    /// </summary>
    public static IReadOnlyList<StatusInterval> Build(IEnumerable<Engagement> onChannel, Channel channel, DateOnly asOf, int windowDays) =>
        Intervals(Steps(onChannel, channel, windowDays), asOf);

    /// <summary>The status intervals up to <paramref name="asOf"/> that the <paramref name="steps"/> (in order) make.</summary>
    public static IReadOnlyList<StatusInterval> Intervals(IEnumerable<StatusStep> steps, DateOnly asOf)
    {
        var intervals = new List<StatusInterval>();
        foreach (var step in steps.TakeWhile(s => s.From <= asOf))
        {
            if (!step.Extends && intervals.Count > 0)
            {
                intervals[^1] = intervals[^1] with { Until = step.Status.Since.Start.AddDaysWithinCalendar(-1) };
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
        var fold = ChannelFold.Start(channel, windowDays);
        foreach (var engagement in onChannel)
        {
            fold.Add(engagement);
        }

        fold.Finish();
        return [.. fold.Emitted.Select(e => e.Step)];
    }

    /// <summary>True when the engagement can move a channel's status; any other is evidence or temperature only.</summary>
    public static bool MovesStatus(Engagement engagement) => SignalOf(engagement) != Signal.None;

    /// <summary>True when the engagement counts as a meeting, visit or call: what keeps a channel open.</summary>
    public static bool IsSuccess(Engagement engagement) => SignalOf(engagement) == Signal.Success;

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

    internal static Signal SignalOf(Engagement e) => e.Kind switch
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

}

/// <summary>A step together with the engagement whose arrival in the fold emitted it (none: the end of time).</summary>
public sealed record EmittedStep(StatusStep Step, Engagement? EmittedBy);

/// <summary>
/// <see cref="ChannelTimeline.Steps"/> as a fold that can be resumed: given the last step and the last meeting,
/// visit or call of the engagements before some day, adding the engagements from that day on (in
/// <see cref="OccurrenceOrder"/>) emits exactly the steps a fold over all of them emits from there. This is what
/// lets a projection bring a channel up to date from the earliest engagement that changed, not from the start.
/// </summary>
public sealed class ChannelFold
{
    private readonly Channel _channel;
    private readonly int _windowDays;
    private readonly List<EmittedStep> _emitted = [];
    private StatusStep? _last;
    private Engagement? _lastSuccess;
    private Engagement? _current;

    private ChannelFold(Channel channel, int windowDays, StatusStep? last, Engagement? lastSuccess)
    {
        _channel = channel;
        _windowDays = windowDays;
        _last = last;
        _lastSuccess = lastSuccess;
    }

    /// <summary>The steps emitted since the fold started or resumed, in order.</summary>
    public IReadOnlyList<EmittedStep> Emitted => _emitted;

    public static ChannelFold Start(Channel channel, int windowDays) => new(channel, windowDays, null, null);

    /// <summary>
    /// Resumes from the last step emitted before the day: all the fold needs of the engagements before it. Of them, it
    /// needs the last meeting, visit or call only while the channel is open (to tell when it goes dormant), and the
    /// step that keeps it open names that one last.
    /// </summary>
    /// <param name="last">The last step emitted by the engagements before the day the fold resumes from.</param>
    public static ChannelFold Resume(Channel channel, int windowDays, StatusStep? last) =>
        new(channel, windowDays, last, last?.Status.Status == ChannelStatus.Open ? last.Status.DecidedBy[^1] : null);

    public void Add(Engagement engagement)
    {
        if (engagement.Channel != _channel || !ChannelTimeline.MovesStatus(engagement))
        {
            return;
        }

        _current = engagement;
        ExpireOpenBy(engagement.KnownFrom.Start.AddDaysWithinCalendar(-1));
        var status = _last?.Status.Status ?? ChannelStatus.Unknown;
        switch (ChannelTimeline.SignalOf(engagement))
        {
            case Signal.Success when status == ChannelStatus.Open:
                var open = _last!.Status;
                Emit(new StatusStep(
                    engagement.KnownFrom.Start,
                    open with { Reason = OpenReason(_channel, open.DecidedBy[0], engagement), DecidedBy = [open.DecidedBy[0], engagement] },
                    Extends: true));
                break;
            case Signal.Success:
                Move(ChannelStatus.Open, engagement.KnownFrom, OpenReason(_channel, engagement, engagement), [engagement]);
                break;
            case Signal.Negative when status is ChannelStatus.Stalled or ChannelStatus.Suspended:
                // Already stalled or suspended: a further snub is evidence, not a change.
                break;
            case Signal.Negative:
                Move(
                    ChannelStatus.Stalled,
                    engagement.KnownFrom,
                    $"Stalled: {Describe(engagement)}; no meeting, visit or call on the {Name(_channel)} channel since.",
                    [engagement]);
                break;
            case Signal.Suspension when status != ChannelStatus.Suspended:
                Move(
                    ChannelStatus.Suspended,
                    engagement.KnownFrom,
                    $"Suspended: {Describe(engagement)}; no restoration, meeting, visit or call since.",
                    [engagement]);
                break;
            case Signal.Restoration when status != ChannelStatus.Resuming:
                Move(
                    ChannelStatus.Resuming,
                    engagement.KnownFrom,
                    $"Resuming: {Describe(engagement)}; no meeting, visit or call on the {Name(_channel)} channel since.",
                    [engagement]);
                break;
        }

        if (ChannelTimeline.IsSuccess(engagement))
        {
            _lastSuccess = engagement;
        }
    }

    /// <summary>Emits what the passing of time brings after the last engagement: an open channel goes dormant.</summary>
    public void Finish()
    {
        _current = null;
        ExpireOpenBy(DateOnly.MaxValue);
    }

    // Was the channel, open after its last success, already dormant on this day?
    private void ExpireOpenBy(DateOnly day)
    {
        if (_last?.Status.Status == ChannelStatus.Open && _lastSuccess is { } success && day >= DormantFrom(success))
        {
            Move(
                ChannelStatus.Dormant,
                OccurrenceDate.Day(DormantFrom(success)),
                $"Dormant: the last meeting, visit or call on the {Name(_channel)} channel, {Describe(success)}, " +
                $"is older than the {_windowDays}-day activity window, and nothing negative came after it.",
                [success]);
        }
    }

    private void Move(ChannelStatus status, OccurrenceDate since, string reason, IReadOnlyList<Engagement> decidedBy) =>
        Emit(new StatusStep(since.Start, new StatusInterval(status, since, null, reason, decidedBy), Extends: false));

    private void Emit(StatusStep step)
    {
        _last = step;
        _emitted.Add(new EmittedStep(step, _current));
    }

    /// <summary>The first day on which the success no longer counts as recent.</summary>
    private DateOnly DormantFrom(Engagement success) => success.KnownFrom.Start.AddDaysWithinCalendar(_windowDays + 1);

    private static string OpenReason(Channel channel, Engagement first, Engagement latest) =>
        first == latest
            ? $"Open: {Describe(first)}."
            : $"Open: {Describe(first)}; latest on the {Name(channel)} channel: {Describe(latest)}.";
}
