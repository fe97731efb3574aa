using System.Text.Json.Serialization;

namespace RelationsTracker.Engagements;

/// <summary>A validated engagement, as stored in the body of its event.</summary>
public sealed record Engagement
{
    public required string SourceId { get; init; }

    public required EngagementKind Kind { get; init; }

    public required OccurrenceDate OccurredOn { get; init; }

    public OccurrenceDate? EndedOn { get; init; }

    public OccurrenceDate? AnnouncedOn { get; init; }

    public required Party Initiator { get; init; }

    public required Party Counterpart { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>True when the channel was derived from the sectors rather than given.</summary>
    public bool ChannelDerived { get; init; }

    public Stance? Stance { get; init; }

    public ChannelStatus? AssessedStatus { get; init; }

    public string? Retracts { get; init; }

    public string? Location { get; init; }

    public string? Summary { get; init; }

    public int? DurationMinutes { get; init; }

    /// <summary>CAMEO and PLOVER coding; none for assessments and retractions, which are not interactions.</summary>
    public EventCoding? Coding { get; init; }

    public Source? Source { get; init; }

    /// <summary>
    /// The date from which the engagement is known for as-of questions: its occurrence, except for a planned
    /// engagement, which is known from its announcement.
    /// </summary>
    [JsonIgnore]
    public OccurrenceDate KnownFrom => Kind == EngagementKind.Planned && AnnouncedOn is { } announced ? announced : OccurredOn;

    public bool Involves(Sector sector) => Initiator.Sector == sector || Counterpart.Sector == sector;
}

/// <summary>One side of an engagement: a country and, when known, who spoke for it.</summary>
public sealed record Party(string Country, string? Name, string? Title, Sector Sector)
{
    /// <summary>"USA (Lloyd Austin, Secretary of Defense)".</summary>
    public string Describe()
    {
        var who = string.Join(", ", new[] { Name, Title }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return who.Length == 0 ? Country : $"{Country} ({who})";
    }
}

public sealed record Source(string? Publisher, string? Url, OccurrenceDate? PublishedOn, string? Quote);

/// <summary>The engagement in the field's ontologies: CAMEO code, Goldstein score, quad class, PLOVER type and mode.</summary>
public sealed record EventCoding(string Cameo, double Goldstein, QuadClass QuadClass, string? PloverType, string? PloverMode);

/// <summary>CAMEO's four quad classes (roots 01-05, 06-09, 10-14, 15-20).</summary>
public enum QuadClass
{
    VerbalCooperation = 1,
    MaterialCooperation = 2,
    VerbalConflict = 3,
    MaterialConflict = 4,
}
