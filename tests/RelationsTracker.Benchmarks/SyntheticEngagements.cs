using RelationsTracker.Contracts;
using RelationsTracker.Engagements;

namespace RelationsTracker.Benchmarks;

/// <summary>Reproducible engagements spread over many relationships (fixed seed).</summary>
internal static class SyntheticEngagements
{
    private static readonly string[] Kinds = ["meeting", "visit", "call", "rebuff", "statement", "outreach", "suspension", "restoration"];
    private static readonly string[] Sectors = ["military", "defense", "diplomatic", "economic", "climate", "executive"];

    public static List<RecordEngagement> Generate(int count, int relationships, int seed = 42, string? only = null)
    {
        var random = new Random(seed);
        string[] countries = only is null ? [.. Countries.All.Keys.Where(c => c != "USA").Order(StringComparer.Ordinal).Take(relationships)] : [only];
        var first = new DateOnly(2010, 1, 1);
        return Enumerable.Range(0, count).Select(i =>
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            return new RecordEngagement
            {
                SourceId = $"bench-{seed}-{i:0000000}",
                Kind = kind,
                OccurredOn = first.AddDays(random.Next(0, 14 * 365)).ToString("yyyy-MM-dd", null),
                Initiator = new Participant { Country = "USA", Name = "US official", Sector = Sectors[random.Next(Sectors.Length)] },
                Counterpart = new Participant { Country = countries[i % countries.Length], Name = "Counterpart", Sector = Sectors[random.Next(Sectors.Length)] },
                Stance = kind == "statement" ? "critical" : null,
                Summary = "A synthetic engagement for the benchmark.",
                Source = new SourceReference { Publisher = "Benchmark Wire", Url = $"https://example.org/{i}" },
            };
        }).ToList();
    }
}
