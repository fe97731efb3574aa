using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships.Listing;

/// <summary>One relationship in a list: each channel's status and since when, without the reasons.</summary>
public sealed record RelationshipOverview(string Relationship, IReadOnlyList<string> Countries, IReadOnlyList<ChannelSummary> Channels);

public sealed record ChannelSummary(Channel Channel, ChannelStatus Status, string? Since);

/// <summary>
/// Which relationships a list keeps. <see cref="Country"/>: those of that country. <see cref="Status"/> with
/// <see cref="Channel"/>: those whose channel has that status; <see cref="Status"/> alone: those where any channel
/// has it; <see cref="Channel"/> alone: those where that channel's status is known (anything but unknown).
/// <see cref="Relationship"/>: that one relationship only.
/// </summary>
public sealed record RelationshipFilter(string? Country = null, Channel? Channel = null, ChannelStatus? Status = null, string? Relationship = null)
{
    /// <summary>Those where either country is one of these (a search by name, <see cref="Engagements.Countries.Matching"/>); null for any.</summary>
    public IReadOnlyList<string>? EitherCountry { get; init; }

    /// <summary>
    /// Whether to leave out the relationships whose channels are all unknown on the day: always (true), never (false),
    /// or only when the others keep more than a page of relationships (null).
    /// </summary>
    public bool? HideAllUnknown { get; init; } = false;
}
