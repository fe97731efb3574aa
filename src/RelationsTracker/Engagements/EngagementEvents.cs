namespace RelationsTracker.Engagements;

/// <summary>An event in a relationship's stream: one engagement, recorded.</summary>
public interface IEngagementEvent
{
    Engagement Engagement { get; }
}

public sealed record MeetingHeld(Engagement Engagement) : IEngagementEvent;

public sealed record VisitMade(Engagement Engagement) : IEngagementEvent;

public sealed record CallHeld(Engagement Engagement) : IEngagementEvent;

public sealed record EngagementPlanned(Engagement Engagement) : IEngagementEvent;

public sealed record OutreachMade(Engagement Engagement) : IEngagementEvent;

public sealed record EngagementRebuffed(Engagement Engagement) : IEngagementEvent;

public sealed record StatementMade(Engagement Engagement) : IEngagementEvent;

public sealed record ChannelSuspended(Engagement Engagement) : IEngagementEvent;

public sealed record ChannelRestored(Engagement Engagement) : IEngagementEvent;

public sealed record SanctionImposed(Engagement Engagement) : IEngagementEvent;

public sealed record ChannelAssessed(Engagement Engagement) : IEngagementEvent;

/// <summary>Any other CAMEO-coded event from a data set: it counts for temperature and moves no status.</summary>
public sealed record CodedEventReported(Engagement Engagement) : IEngagementEvent;

/// <summary>A new version of an engagement already recorded (same sourceId, same pair); the state uses the latest.</summary>
public sealed record EngagementCorrected(Engagement Engagement) : IEngagementEvent;

/// <summary>Withdraws the engagement whose sourceId is in <c>Engagement.Retracts</c>, e.g. a false report.</summary>
public sealed record EngagementRetracted(Engagement Engagement) : IEngagementEvent;

public static class EngagementEvents
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(MeetingHeld), typeof(VisitMade), typeof(CallHeld), typeof(EngagementPlanned), typeof(OutreachMade),
        typeof(EngagementRebuffed), typeof(StatementMade), typeof(ChannelSuspended), typeof(ChannelRestored),
        typeof(SanctionImposed), typeof(ChannelAssessed), typeof(EngagementRetracted), typeof(CodedEventReported), typeof(EngagementCorrected),
    ];

    /// <summary>The event that records an engagement of this kind.</summary>
    public static IEngagementEvent For(Engagement engagement) => engagement.Kind switch
    {
        EngagementKind.Meeting => new MeetingHeld(engagement),
        EngagementKind.Visit => new VisitMade(engagement),
        EngagementKind.Call => new CallHeld(engagement),
        EngagementKind.Planned => new EngagementPlanned(engagement),
        EngagementKind.Outreach => new OutreachMade(engagement),
        EngagementKind.Rebuff => new EngagementRebuffed(engagement),
        EngagementKind.Statement => new StatementMade(engagement),
        EngagementKind.Suspension => new ChannelSuspended(engagement),
        EngagementKind.Restoration => new ChannelRestored(engagement),
        EngagementKind.Sanction => new SanctionImposed(engagement),
        EngagementKind.Assessment => new ChannelAssessed(engagement),
        EngagementKind.Retraction => new EngagementRetracted(engagement),
        EngagementKind.Coded => new CodedEventReported(engagement),
        _ => throw new ArgumentOutOfRangeException(nameof(engagement), engagement.Kind, "Unknown engagement kind."),
    };
}
