using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.LocalPostgres;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// The questions the relationship state projection answers, asked of the server process over HTTP, at two sizes of
/// one database: first one relationship of 100,000 engagements alone (100,000 events), then, filled up to about
/// 1,000,000 events, the relationships between 150 countries (11,175, skewed: a few of tens of thousands, most of a
/// few dozen). At each size: the first question about the large relationship after the server starts, then as of
/// random dates and now; the first listing page after the server starts, then warm, filtered, sorted by the latest
/// engagement, a deep page and one country; and the server's memory. The naive baseline (read and fold every event of
/// the relationship for every question) runs in the same process at the first size. The database is filled with
/// Marten appends in batches, so that the inline projection runs as it does in production.
/// </summary>
internal static class QueryBenchmark
{
    private const int Requests = 200;
    private const int FewRequests = 50;
    private const int WarmUpQuestions = 30;
    private const int NaiveQuestions = 20;
    private const int LargeRelationship = 100_000;
    private const int CountryCount = 150;
    private const int FillBatch = 1_000;
    private const int DeepPage = 200;

    private sealed record Row(string Size, string Question, double? First, double[] Sorted, string Target);

    public static async Task RunAsync(LocalPostgresCluster cluster, int totalEvents)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        string[] countries = ["USA", .. Countries.All.Keys.Where(c => c != "USA").Order(StringComparer.Ordinal).Take(CountryCount - 1)];
        var large = (A: "USA", B: countries[1]);
        var rows = new List<Row>();
        var notes = new List<string>();

        var (events, seconds) = await FillAsync(store, [large], [LargeRelationship], seed: 100);
        notes.Add($"Fill 1: {events:N0} events (1 relationship) in {seconds:N1} s: {events / seconds:N0} events/s.");
        var projecting = await ProjectAsync(store);
        notes.Add($"  projected by Marten's async daemon in {projecting:N1} s: {events / projecting:N0} events/s.");
        notes.Add($"  then {await AnalyzeAsync(store):N1} s of vacuum analyze on the projected tables.");
        var stored = events;
        notes.AddRange(await MeasureAsync(store, connectionString, large, $"{stored:N0}", rows, naive: true));

        var pairs = new List<(string A, string B)>();
        for (var i = 0; i < countries.Length; i++)
        {
            for (var j = i + 1; j < countries.Length; j++)
            {
                if ((countries[i], countries[j]) != large)
                {
                    pairs.Add((countries[i], countries[j]));
                }
            }
        }

        // The largest relationships are random pairs, not the first countries in alphabetical order.
        var shuffled = pairs.OrderBy(_ => 0).ToArray();
        new Random(5).Shuffle(shuffled);
        var counts = SyntheticEngagements.ZipfCounts(shuffled.Length, totalEvents - LargeRelationship);
        var sorted = counts.Order().ToArray();
        notes.Add($"Fill 2: {shuffled.Length:N0} more relationships of {counts.Sum():N0} engagements (Zipf): largest {sorted[^1]:N0}, " +
            $"{sorted[^2]:N0}, {sorted[^3]:N0}; {counts.Count(c => c >= 10_000)} of 10,000 or more; median {sorted[sorted.Length / 2]:N0}; smallest {sorted[0]:N0}.");
        (events, seconds) = await FillAsync(store, shuffled, counts, seed: 200);
        stored += events;
        notes.Add($"  {events:N0} events in {seconds:N1} s: {events / seconds:N0} events/s (2 writers, each with its own relationships, batches of {FillBatch:N0}).");
        projecting = await ProjectAsync(store);
        notes.Add($"  projected by Marten's async daemon in {projecting:N1} s: {events / projecting:N0} events/s.");
        notes.Add($"  then {await AnalyzeAsync(store):N1} s of vacuum analyze on the projected tables.");
        notes.AddRange(await MeasureAsync(store, connectionString, large, $"{stored:N0}", rows, naive: false));

        Console.WriteLine();
        foreach (var note in notes)
        {
            Console.WriteLine(note);
        }

        Console.WriteLine();
        Console.WriteLine("| stored events | question | first after a restart | median | p95 | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Size} | {row.Question} | {(row.First is { } first ? $"{first:N1} ms" : "")} | {Median(row.Sorted):N1} ms | {P95(row.Sorted):N1} ms | {row.Target} |");
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("RELATIONS_BENCH_HOLD_MINUTES"), out var hold) && hold > 0)
        {
            // To examine the filled database (psql, EXPLAIN) before the temporary cluster goes.
            Console.WriteLine($"Holding the database for {hold} minutes: {connectionString}");
            await Task.Delay(TimeSpan.FromMinutes(hold));
        }
    }

    /// <summary>Appends the engagements with Marten, two writers at once, each with its own relationships.</summary>
    private static async Task<(int Events, double Seconds)> FillAsync(IDocumentStore store, IReadOnlyList<(string A, string B)> pairs, int[] counts, int seed)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var writers = pairs.Count == 1 ? 1 : 2;
        var appended = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, writers), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (writer, token) =>
        {
            foreach (var batch in SyntheticEngagements.Reported(pairs, counts, seed, FillBatch, p => p % writers == writer))
            {
                await using var session = store.LightweightSession();
                foreach (var engagement in batch.Select(e => Submissions.Accept(e, today)))
                {
                    session.Events.Append(RelationshipKey.For(engagement.Initiator.Country, engagement.Counterpart.Country), EngagementEvents.For(engagement));
                }

                await session.SaveChangesAsync(token);
                var total = Interlocked.Add(ref appended, batch.Length);
                if (total / 100_000 != (total - batch.Length) / 100_000)
                {
                    Console.WriteLine($"  {total:N0} appended, {clock.Elapsed.TotalSeconds:N0} s");
                }
            }
        });
        return (appended, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs Marten's async daemon here until the state includes every event; how many seconds it took.</summary>
    private static async Task<double> ProjectAsync(IDocumentStore store)
    {
        var clock = Stopwatch.StartNew();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromHours(1));
        await daemon.StopAllAsync();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> AnalyzeAsync(IDocumentStore store)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        foreach (var table in ProjectedTables.All)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"vacuum analyze {table}";
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<List<string>> MeasureAsync(
        IDocumentStore store, string connectionString, (string A, string B) large, string size, List<Row> rows, bool naive)
    {
        var notes = new List<string>();
        var random = new Random(1);
        DateOnly RandomDay() => new DateOnly(2010, 1, 1).AddDays(random.Next(0, 15 * 365));
        var one = $"/api/relationships/{large.A}/{large.B}";

        // One relationship: its first question after the server starts, then questions as of random dates and now.
        double firstPeak;
        await using (var server = await ServerProcess.StartAsync(connectionString))
        {
            using var http = Client(server);
            var first = await TimeAsync(() => GetAsync(http, one));
            await RepeatAsync(WarmUpQuestions, () => GetAsync(http, $"{one}?asOf={RandomDay():yyyy-MM-dd}"));
            var asOf = await LatenciesAsync(Requests, () => GetAsync(http, $"{one}?asOf={RandomDay():yyyy-MM-dd}"));
            var now = await LatenciesAsync(Requests, () => GetAsync(http, one));
            rows.Add(new(size, $"{LargeRelationship:N0}-engagement relationship, as of a random date", first, asOf, "p95 ≤ 20 ms"));
            rows.Add(new(size, $"{LargeRelationship:N0}-engagement relationship, now", null, now, "p95 ≤ 20 ms"));
            Console.WriteLine($"  {size}: the large relationship: first {first:N0} ms, as of p95 {P95(asOf):N1} ms, now p95 {P95(now):N1} ms");
            firstPeak = server.PeakMemoryMib();
        }

        if (naive)
        {
            var key = RelationshipKey.For(large.A, large.B);
            var windows = new ActivityWindows();
            var baseline = await LatenciesAsync(NaiveQuestions, async () =>
            {
                await using var session = store.QuerySession();
                var records = await EngagementHistory.OfRelationshipAsync(session, key, CancellationToken.None);
                var held = records.Select(r => r.AsKnownAt(null)).OfType<Engagement>().Order(OccurrenceOrder.Instance).ToList();
                RelationshipState.Evaluate(key, held, RandomDay(), windows);
            });
            Console.WriteLine($"  {size}: baseline median {Median(baseline):N0} ms");
            rows.Add(new(size, $"baseline: fold all {LargeRelationship:N0} events per question (in the benchmark's process, {NaiveQuestions} questions)", null, baseline, ""));
        }

        // The listing: the first page after the server starts, then warm, filtered, sorted otherwise, deep, one country.
        await using (var server = await ServerProcess.StartAsync(connectionString))
        {
            using var http = Client(server);
            var clock = Stopwatch.StartNew();
            var page = await GetAsync(http, "/api/relationships");
            var first = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine($"  {size}: first listing page {first:N0} ms");
            await RepeatAsync(WarmUpQuestions, () => GetAsync(http, "/api/relationships"));
            rows.Add(new(size, $"listing, first page of 50 of {TotalCount(page):N0} (latest change first)", first,
                await LatenciesAsync(Requests, () => GetAsync(http, "/api/relationships")), "first ≤ 300 ms, p95 ≤ 100 ms"));

            const string Filtered = "/api/relationships?channel=military&status=stalled";
            var filtered = await GetAsync(http, Filtered);
            rows.Add(new(size, $"listing `channel=military&status=stalled` ({TotalCount(filtered):N0} relationships)", null,
                await LatenciesAsync(Requests, () => GetAsync(http, Filtered)), "p95 ≤ 50 ms"));

            await GetAsync(http, "/api/relationships?sort=latest");
            rows.Add(new(size, "listing `sort=latest`", null,
                await LatenciesAsync(FewRequests, () => GetAsync(http, "/api/relationships?sort=latest")), "reported"));

            var deep = $"/api/relationships?page={Math.Max(1, Math.Min(DeepPage, (TotalCount(page) + 49) / 50))}";
            await GetAsync(http, deep);
            rows.Add(new(size, $"listing deep page (`{deep[(deep.IndexOf('?', StringComparison.Ordinal) + 1)..]}`)", null,
                await LatenciesAsync(FewRequests, () => GetAsync(http, deep)), "reported"));

            await GetAsync(http, "/api/relationships?country=USA");
            rows.Add(new(size, "listing `country=USA`", null,
                await LatenciesAsync(FewRequests, () => GetAsync(http, "/api/relationships?country=USA")), "reported"));

            // The same server then answers about the large relationship too, so that its memory is after both kinds.
            await LatenciesAsync(Requests, () => GetAsync(http, $"{one}?asOf={RandomDay():yyyy-MM-dd}"));
            notes.Add($"Server memory at {size} events: RSS {server.CurrentMemoryMib():N0} MiB after all the questions (listings and " +
                $"{Requests} about the large relationship), peak {server.PeakMemoryMib():N0} MiB; the process that answered only about " +
                $"the large relationship peaked at {firstPeak:N0} MiB.");
        }

        return notes;
    }

    private static HttpClient Client(ServerProcess server) => new() { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };

    private static int TotalCount(string listing)
    {
        using var document = JsonDocument.Parse(listing);
        return document.RootElement.GetProperty("totalCount").GetInt32();
    }

    private static async Task<string> GetAsync(HttpClient http, string url)
    {
        using var answer = await http.GetAsync(url);
        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadAsStringAsync();
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task RepeatAsync(int times, Func<Task> action)
    {
        for (var i = 0; i < times; i++)
        {
            await action();
        }
    }

    private static async Task<double[]> LatenciesAsync(int times, Func<Task> action)
    {
        var latencies = new List<double>(times);
        for (var i = 0; i < times; i++)
        {
            latencies.Add(await TimeAsync(action));
        }

        return [.. latencies.Order()];
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];

    private static double P95(double[] sorted) => sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1];
}
