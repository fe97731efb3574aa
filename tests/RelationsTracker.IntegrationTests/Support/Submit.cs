using RelationsTracker.Contracts;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>Submissions for tests, valid unless a test changes them.</summary>
public static class Submit
{
    public static RecordEngagement Meeting(string sourceId, string occurredOn, string a = "USA", string b = "CHN") => new()
    {
        SourceId = sourceId,
        Kind = "meeting",
        OccurredOn = occurredOn,
        Initiator = new Participant { Country = a, Name = "Envoy of " + a, Title = "Ambassador", Sector = "diplomatic" },
        Counterpart = new Participant { Country = b, Name = "Envoy of " + b, Title = "Vice Minister", Sector = "diplomatic" },
        Source = new SourceReference { Publisher = "Test Wire", Url = "https://example.org/" + sourceId, PublishedOn = occurredOn },
    };

    public static RecordEngagement Of(string kind, string sourceId, string occurredOn, string sector = "defense", string a = "USA", string b = "CHN") => new()
    {
        SourceId = sourceId,
        Kind = kind,
        OccurredOn = occurredOn,
        Initiator = new Participant { Country = a, Sector = sector },
        Counterpart = new Participant { Country = b, Sector = sector },
    };
}
