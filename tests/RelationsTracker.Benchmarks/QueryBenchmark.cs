using System.Diagnostics;
using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.LocalPostgres;
using RelationsTracker.Relationships;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// Latency of GET /api/relationships/{a}/{b} (as of random dates, and now) on relationships of 1,000, 10,000 and
/// 100,000 engagements, against the server process; in the same run, the naive baseline that reads and folds all of
/// the relationship's events for every question; and the listing of 1,000 relationships.
/// </summary>
internal static class QueryBenchmark
{
    private const int Requests = 200;
    private const int WarmUpQuestions = 300;
    private static readonly int[] Sizes = [1_000, 10_000, 100_000];

    public static async Task RunAsync(LocalPostgresCluster cluster)
    {
        var connectionString = await IntakeBenchmark.FreshDatabaseAsync(cluster);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var counterparts = Countries.All.Keys.Where(c => c != "USA").Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < Sizes.Length; i++)
        {
            await AppendAsync(store, SyntheticEngagements.Generate(Sizes[i], relationships: 1, seed: 100 + i, counterparts[i]));
        }

        // 1,000 more relationships (pairs of other countries) of 5 engagements each, for the listing.
        var others = counterparts.Skip(Sizes.Length).ToArray();
        var pairs = Enumerable.Range(0, 1_000).Select(r => (A: others[r % others.Length], B: others[((r % others.Length) + 1 + (r / others.Length)) % others.Length])).ToArray();
        await AppendAsync(store, SyntheticEngagements.Generate(5_000, relationships: 1, seed: 7)
            .Select((e, i) => e with
            {
                Initiator = e.Initiator! with { Country = pairs[i % pairs.Length].A },
                Counterpart = e.Counterpart! with { Country = pairs[i % pairs.Length].B },
            })
            .ToList());

        await using var server = await ServerProcess.StartAsync(connectionString);
        using var http = new HttpClient { BaseAddress = server.Address };
        var random = new Random(1);
        var windows = new ActivityWindows();

        // Questions about one small relationship first, not timed, so that the figures below are those of a running
        // server (its code compiled by the JIT), not of its first seconds; the relationships measured stay cold.
        var warmUpPair = $"{pairs[0].A}/{pairs[0].B}";
        for (var i = 0; i < WarmUpQuestions; i++)
        {
            await GetAsync(http, $"/api/relationships/{warmUpPair}?asOf={new DateOnly(2010, 1, 1).AddDays(random.Next(0, 15 * 365)):yyyy-MM-dd}");
        }

        Console.WriteLine();
        Console.WriteLine("| engagements | question | first (cold) | median | p95 | naive baseline median | naive p95 |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < Sizes.Length; i++)
        {
            var pair = $"USA/{counterparts[i]}";
            var key = RelationshipKey.For("USA", counterparts[i]);
            var dates = Enumerable.Range(0, Requests).Select(_ => new DateOnly(2010, 1, 1).AddDays(random.Next(0, 15 * 365))).ToArray();
            var cold = await TimeAsync(() => GetAsync(http, $"/api/relationships/{pair}"));
            var asOf = await LatenciesAsync(dates, d => GetAsync(http, $"/api/relationships/{pair}?asOf={d:yyyy-MM-dd}"));
            var now = await LatenciesAsync(dates, _ => GetAsync(http, $"/api/relationships/{pair}"));
            var naiveDates = dates.Take(Sizes[i] >= 100_000 ? 20 : Requests).ToArray();
            var naive = await LatenciesAsync(naiveDates, async d =>
            {
                await using var session = store.QuerySession();
                var records = await EngagementHistory.OfRelationshipAsync(session, key, CancellationToken.None);
                var held = records.Select(r => r.AsKnownAt(null)).OfType<Engagement>().Order(OccurrenceOrder.Instance).ToList();
                RelationshipState.Evaluate(key, held, d, windows);
            });
            Console.WriteLine($"| {Sizes[i]:N0} | as of a random date | {cold:N1} ms | {Median(asOf):N1} ms | {P95(asOf):N1} ms | {Median(naive):N1} ms | {P95(naive):N1} ms |");
            Console.WriteLine($"| {Sizes[i]:N0} | now | | {Median(now):N1} ms | {P95(now):N1} ms | | |");
        }

        var coldList = await TimeAsync(() => GetAsync(http, "/api/relationships"));
        var list = await LatenciesAsync(Enumerable.Range(0, 20).ToArray(), _ => GetAsync(http, "/api/relationships"));
        Console.WriteLine($"| 1,003 relationships (1,000 of 5 engagements and the 3 above) | GET /api/relationships | {coldList:N1} ms | {Median(list):N1} ms | {P95(list):N1} ms | | |");
        Console.WriteLine($"Server peak RSS: {server.PeakMemoryMib():N0} MiB");
    }

    private static async Task AppendAsync(IDocumentStore store, List<Contracts.RecordEngagement> engagements)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var batch in engagements.Select(e => Submissions.Accept(e, today)).Chunk(2_000))
        {
            await using var session = store.LightweightSession();
            foreach (var engagement in batch)
            {
                session.Events.Append(RelationshipKey.For(engagement.Initiator.Country, engagement.Counterpart.Country), EngagementEvents.For(engagement));
            }

            await session.SaveChangesAsync();
        }
    }

    private static async Task GetAsync(HttpClient http, string url)
    {
        using var answer = await http.GetAsync(url);
        answer.EnsureSuccessStatusCode();
        await answer.Content.ReadAsByteArrayAsync();
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double[]> LatenciesAsync<T>(T[] inputs, Func<T, Task> action)
    {
        var latencies = new List<double>(inputs.Length);
        foreach (var input in inputs)
        {
            latencies.Add(await TimeAsync(() => action(input)));
        }

        return [.. latencies.Order()];
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private static double P95(double[] sorted) => sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1];
}
