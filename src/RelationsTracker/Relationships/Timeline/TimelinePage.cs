using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships.Timeline;

/// <summary>
/// Which engagements of a relationship a timeline shows: those known from a day within <see cref="From"/>..<see cref="To"/>
/// (the occurrence, or a planned engagement's announcement), of one kind or on one channel, one page at a time.
/// </summary>
public sealed record TimelineQuery(
    DateOnly? From = null,
    DateOnly? To = null,
    EngagementKind? Kind = null,
    Channel? Channel = null,
    int Page = 1,
    int PageSize = TimelineQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
}

/// <summary>One page of a relationship's engagements in order of occurrence, with the count of all that match.</summary>
public sealed record TimelinePage(
    IReadOnlyList<string> Countries,
    int Page,
    int PageSize,
    int TotalCount,
    int PageCount,
    IReadOnlyList<Engagement> Engagements)
{
    /// <summary>True when the page asked for lies past the last one (page 1 of nothing is an empty timeline).</summary>
    public bool IsPastTheEnd => Page > Math.Max(PageCount, 1);
}
