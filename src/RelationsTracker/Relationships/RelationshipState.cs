using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Relationships;

/// <summary>The state of a relationship on a date: each channel's status with its reasons, and the temperature.</summary>
public sealed record RelationshipState(
    IReadOnlyList<string> Countries,
    DateOnly AsOf,
    IReadOnlyList<ChannelState> Channels,
    Temperature Temperature)
{
    /// <summary>How far back related contacts and evidence are listed.</summary>
    internal const int RecentDays = 365;

    /// <summary>How many related contacts, and how many pieces of evidence, are listed at most.</summary>
    internal const int MaxListed = 10;

    /// <summary>When set, the state as the tracker told it at that moment (recording time), not as it tells it now.</summary>
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>
    /// Evaluates the relationship at <paramref name="asOf"/> from the engagements known by then
    /// (<paramref name="engagements"/> in <see cref="OccurrenceOrder"/>). A pure function of its arguments, and the
    /// definition that <see cref="RelationshipChronology"/> answers from precomputed steps.
    /// </summary>
    public static RelationshipState Evaluate(string relationshipId, IEnumerable<Engagement> engagements, DateOnly asOf, ActivityWindows windows)
    {
        var known = engagements.Where(e => e.KnownFrom.Start <= asOf).ToList();
        var channels = Enum.GetValues<Channel>().Select(channel => ChannelAt(known, channel, asOf, windows.For(channel))).ToList();
        return new RelationshipState(RelationshipKey.Countries(relationshipId), asOf, channels, Temperature.At(known, asOf));
    }

    private static ChannelState ChannelAt(IReadOnlyList<Engagement> known, Channel channel, DateOnly asOf, int windowDays)
    {
        var onChannel = known.Where(e => e.Channel == channel).ToList();
        var recentFrom = asOf.AddDaysWithinCalendar(-RecentDays);
        bool Recent(Engagement e) => e.KnownFrom.Start > recentFrom;

        return ChannelState.Of(
            channel,
            ChannelTimeline.StatusAt(onChannel, channel, asOf, windowDays),
            onChannel.LastOrDefault(e => e.Kind != EngagementKind.Planned),
            known.Where(e => Recent(e) && IsRelatedContact(e, channel)).Reverse().Take(MaxListed).ToList(),
            onChannel.Where(e => Recent(e) && IsEvidence(e)).Reverse().Take(MaxListed).ToList(),
            onChannel.Where(e => IsUpcoming(e, asOf)).OrderBy(e => e.OccurredOn).FirstOrDefault());
    }

    /// <summary>A meeting, visit, call or plan on another channel that involves this channel's sectors.</summary>
    internal static bool IsRelatedContact(Engagement e, Channel channel) =>
        e.Kind is EngagementKind.Meeting or EngagementKind.Visit or EngagementKind.Call or EngagementKind.Planned
        && ChannelRules.IsRelatedContact(e, channel);

    /// <summary>What bears on a channel without moving it: statements, outreach, sanctions.</summary>
    internal static bool IsEvidence(Engagement e) =>
        e.Kind is EngagementKind.Statement or EngagementKind.Outreach or EngagementKind.Sanction;

    /// <summary>A plan for a date not yet over on <paramref name="asOf"/>.</summary>
    internal static bool IsUpcoming(Engagement e, DateOnly asOf) => e.Kind == EngagementKind.Planned && e.OccurredOn.End >= asOf;
}

/// <summary>A channel's status on a date, with what decided it and what bears on it.</summary>
public sealed record ChannelState(
    Channel Channel,
    ChannelStatus Status,
    string? Since,
    string Reason,
    bool RestsOnImpreciseDate,
    IReadOnlyList<string> DecidedBy,
    Engagement? LastEngagement,
    IReadOnlyList<Engagement> RelatedContacts,
    IReadOnlyList<Engagement> Evidence,
    Engagement? Upcoming)
{
    internal static ChannelState Of(
        Channel channel,
        StatusInterval status,
        Engagement? lastEngagement,
        IReadOnlyList<Engagement> relatedContacts,
        IReadOnlyList<Engagement> evidence,
        Engagement? upcoming) =>
        new(
            channel,
            status.Status,
            status.Status == ChannelStatus.Unknown ? null : status.Since.ToString(),
            status.Reason,
            status.RestsOnImpreciseDate,
            status.DecidedBy.Select(e => e.SourceId).ToList(),
            lastEngagement,
            relatedContacts,
            evidence,
            upcoming);
}
