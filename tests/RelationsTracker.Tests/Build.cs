using RelationsTracker.Engagements;

namespace RelationsTracker.Tests;

/// <summary>Validated engagements for pure tests.</summary>
internal static class Build
{
    public static Engagement Engagement(
        EngagementKind kind,
        string occurredOn,
        string? sourceId = null,
        Channel channel = Channel.Military,
        Sector sector = Sector.Defense,
        ChannelStatus? assessed = null,
        string? announcedOn = null,
        string? retracts = null) => new()
    {
        SourceId = sourceId ?? $"{kind}-{occurredOn}".ToLowerInvariant(),
        Kind = kind,
        OccurredOn = OccurrenceDate.Parse(occurredOn),
        AnnouncedOn = announcedOn is null ? null : OccurrenceDate.Parse(announcedOn),
        Initiator = new Party("USA", "Lloyd Austin", "Secretary of Defense", sector),
        Counterpart = new Party("CHN", "Li Shangfu", "Minister of National Defense", sector),
        Channel = channel,
        AssessedStatus = assessed,
        Retracts = retracts,
        Coding = CameoCodes.CodingFor(kind, null, null),
    };

    public static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
