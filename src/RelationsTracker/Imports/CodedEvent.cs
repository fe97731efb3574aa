using RelationsTracker.Engagements;

namespace RelationsTracker.Imports;

/// <summary>
/// One row of any data set, after its format-specific reading (date and code already checked): what the shared
/// mapping needs to decide the countries and build the engagement.
/// </summary>
internal sealed record CodedEvent
{
    public required long Line { get; init; }

    /// <summary>The id derived from the data set's own id (icews:{date}:{Event ID}, gdelt:{GLOBALEVENTID}, plover:{id}).</summary>
    public required string SourceId { get; init; }

    public required string OccurredOn { get; init; }

    public string? EndedOn { get; init; }

    public required EngagementKind Kind { get; init; }

    /// <summary>The row's CAMEO code; none for PLOVER rows of a kind of their own.</summary>
    public string? Cameo { get; init; }

    public double? Goldstein { get; init; }

    /// <summary>The actor that acts (CAMEO source, actor 1, PLOVER actor).</summary>
    public required EventSide Source { get; init; }

    /// <summary>The actor acted upon (CAMEO target, actor 2, PLOVER recipient).</summary>
    public required EventSide Target { get; init; }

    /// <summary>For CAMEO 043 (host a visit): the source is the host, so the visitor is the target.</summary>
    public bool SourceIsHost { get; init; }

    /// <summary>
    /// What identifies the report a visit row comes from (ICEWS story and sentence, GDELT source URL digest), with the
    /// data set's prefix ("icews-visit"); null when the row has none, and then the row is not paired.
    /// </summary>
    public (string Prefix, string Story)? VisitStory { get; init; }

    public string? Location { get; init; }

    public string? Summary { get; init; }

    public string? Publisher { get; init; }

    public string? Url { get; init; }

    public string? PublishedOn { get; init; }
}

/// <summary>One side of a coded event; <paramref name="Field"/> names where its country came from, for skip details.</summary>
internal sealed record EventSide(CountryMatch Country, string? Name, string? Title, Sector? Sector, string Field);
