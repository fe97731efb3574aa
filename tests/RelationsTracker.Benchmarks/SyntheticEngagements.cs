using RelationsTracker.Contracts;
using RelationsTracker.Engagements;

namespace RelationsTracker.Benchmarks;

/// <summary>Reproducible engagements spread over many relationships (fixed seed).</summary>
internal static class SyntheticEngagements
{
    private static readonly string[] Kinds = ["meeting", "visit", "call", "rebuff", "statement", "outreach", "suspension", "restoration"];
    private static readonly string[] Sectors = ["military", "defense", "diplomatic", "economic", "climate", "executive"];
    private static readonly DateOnly First = new(2010, 1, 1);
    private const int Days = 14 * 365;

    public static List<RecordEngagement> Generate(int count, int relationships, int seed = 42, string? only = null)
    {
        var random = new Random(seed);
        string[] countries = only is null ? [.. Countries.All.Keys.Where(c => c != "USA").Order(StringComparer.Ordinal).Take(relationships)] : [only];
        return Enumerable.Range(0, count).Select(i =>
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            return new RecordEngagement
            {
                SourceId = $"bench-{seed}-{i:0000000}",
                Kind = kind,
                OccurredOn = First.AddDays(random.Next(0, Days)).ToString("yyyy-MM-dd", null),
                Initiator = new Participant { Country = "USA", Name = "US official", Sector = Sectors[random.Next(Sectors.Length)] },
                Counterpart = new Participant { Country = countries[i % countries.Length], Name = "Counterpart", Sector = Sectors[random.Next(Sectors.Length)] },
                Stance = kind == "statement" ? "critical" : null,
                Summary = "A synthetic engagement for the benchmark.",
                Source = new SourceReference { Publisher = "Benchmark Wire", Url = $"https://example.org/{i}" },
            };
        }).ToList();
    }

    /// <summary>
    /// <paramref name="counts"/>[i] engagements between the countries of <paramref name="pairs"/>[i], on random days of
    /// 2010-2023, in the order they are reported: by day, each reported up to a week late (so a little out of order).
    /// Materialised a batch at a time, so that a million of them do not all sit in memory at once.
    /// </summary>
    public static IEnumerable<RecordEngagement[]> Reported(
        IReadOnlyList<(string A, string B)> pairs, IReadOnlyList<int> counts, int seed, int batchSize, Func<int, bool>? keepPair = null)
    {
        var random = new Random(seed);
        var planned = new List<(int Pair, int Day, int Reported)>(counts.Sum());
        for (var p = 0; p < pairs.Count; p++)
        {
            for (var i = 0; i < counts[p]; i++)
            {
                var day = random.Next(0, Days);
                planned.Add((p, day, day + random.Next(0, 8)));
            }
        }

        var ordered = planned.Select((e, n) => (e.Pair, e.Day, e.Reported, N: n))
            .Where(e => keepPair is null || keepPair(e.Pair))
            .OrderBy(e => e.Reported).ThenBy(e => e.N)
            .ToList();
        var details = new Random(seed + 1);
        foreach (var chunk in ordered.Chunk(batchSize))
        {
            yield return [.. chunk.Select(e => Make(details, $"bench-{seed}-{e.N:0000000}", First.AddDays(e.Day), pairs[e.Pair].A, pairs[e.Pair].B, e.N))];
        }
    }

    /// <summary>
    /// Counts for <paramref name="relationships"/> relationships adding up to about <paramref name="total"/>, skewed as
    /// real data is (Zipf, exponent 1): the largest has about a tenth of all, the median a few dozen; each at least one.
    /// </summary>
    public static int[] ZipfCounts(int relationships, int total)
    {
        var weights = Enumerable.Range(1, relationships).Select(r => 1.0 / r).ToArray();
        var sum = weights.Sum();
        return [.. weights.Select(w => Math.Max(1, (int)Math.Round(total * w / sum)))];
    }

    private static RecordEngagement Make(Random random, string sourceId, DateOnly day, string initiator, string counterpart, int i)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        return new RecordEngagement
        {
            SourceId = sourceId,
            Kind = kind,
            OccurredOn = day.ToString("yyyy-MM-dd", null),
            Initiator = new Participant { Country = initiator, Name = "Official", Sector = Sectors[random.Next(Sectors.Length)] },
            Counterpart = new Participant { Country = counterpart, Name = "Counterpart", Sector = Sectors[random.Next(Sectors.Length)] },
            Stance = kind == "statement" ? "critical" : null,
            Summary = "A synthetic engagement for the benchmark.",
            Source = new SourceReference { Publisher = "Benchmark Wire", Url = $"https://example.org/{i}" },
        };
    }
}
