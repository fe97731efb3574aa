using System.Diagnostics;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// The intake benchmark's measure of the delay from commit to state, alone and repeated on one server: the warm-up's
/// 150,000 engagements posted and projected, then rounds of 10,000 more (each dated at random over fourteen years,
/// over the same 100 relationships) posted over HTTP in batches of 1,000, two at once, as (b) posts them, each round
/// once the state has caught up with the one before. Posted flat out, or at each of the given rates in turn (a batch
/// every 1,000/rate seconds, no more than two at once), to tell the delay at a given intake rate. Per round: how fast
/// the posting went, and the delays.
/// </summary>
internal static class DelayBenchmark
{
    private const int RoundSize = 10_000;
    private const int Relationships = 100;

    /// <param name="rates">Engagements a second to post at, each for <paramref name="rounds"/> rounds; none to post flat out.</param>
    public static async Task RunAsync(LocalPostgresCluster cluster, int rounds, IReadOnlyList<int> rates)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await using var server = await ServerProcess.StartAsync(connectionString);
        using var http = server.Client(TimeSpan.FromMinutes(5));
        await IntakeBenchmark.PostTwoAtOnceAsync(http, SyntheticEngagements.Generate(IntakeBenchmark.WarmUpCount, Relationships, seed: 7));
        await using (var warmedUp = ProjectionLag.Start(store))
        {
            await warmedUp.CaughtUpAsync(TimeSpan.Zero, TimeSpan.FromMinutes(10));
        }

        Console.WriteLine($"| intake | round ({RoundSize:N0} engagements, {Relationships} relationships) | posted at | state caught up at | delay p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var round = 0;
        foreach (var rate in rates.Count == 0 ? [(int?)null] : rates.Select(r => (int?)r))
        {
            var intake = rate is { } given ? $"{given:N0}/s" : "flat out";
            var all = new List<double>();
            for (var i = 1; i <= rounds; i++)
            {
                round++;
                var engagements = SyntheticEngagements.Generate(RoundSize, Relationships, seed: round == 1 ? 42 : 1000 + round);
                await using var watching = ProjectionLag.Start(store);
                var clock = Stopwatch.StartNew();
                await (rate is { } perSecond ? PostPacedAsync(http, engagements, perSecond) : IntakeBenchmark.PostTwoAtOnceAsync(http, engagements));
                var posted = RoundSize / clock.Elapsed.TotalSeconds;
                var (delays, caughtUpAt) = await watching.CaughtUpAsync(TimeSpan.Zero, TimeSpan.FromMinutes(10));
                all.AddRange(delays);
                Console.WriteLine($"| {intake} | {i} | {posted:N0}/s | {RoundSize / caughtUpAt.TotalSeconds:N0}/s | {ProjectionLag.Percentile(delays, 0.5):N0} ms | " +
                    $"{ProjectionLag.Percentile(delays, 0.99):N0} ms | {delays.DefaultIfEmpty(double.NaN).Max():N0} ms |");
            }

            Console.WriteLine($"| {intake} | all {rounds} rounds ({all.Count} samples) | | | {ProjectionLag.Percentile(all, 0.5):N0} ms | " +
                $"{ProjectionLag.Percentile(all, 0.99):N0} ms | {all.DefaultIfEmpty(double.NaN).Max():N0} ms |");
        }
    }

    /// <summary>
    /// Posts the batches at <paramref name="perSecond"/> engagements a second: the k-th batch no sooner than k batches'
    /// worth of that time after the first, and no more than two at once, so that a server slower than the rate is
    /// posted to flat out.
    /// </summary>
    private static async Task PostPacedAsync(HttpClient http, List<RecordEngagement> engagements, int perSecond)
    {
        var clock = Stopwatch.StartNew();
        using var inFlight = new SemaphoreSlim(2);
        var posting = new List<Task>();
        foreach (var (batch, index) in engagements.Chunk(IntakeBenchmark.BatchSize).Select((batch, index) => (batch, index)))
        {
            var due = TimeSpan.FromSeconds((double)index * IntakeBenchmark.BatchSize / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await inFlight.WaitAsync();
            posting.Add(PostThenReleaseAsync(batch));
        }

        await Task.WhenAll(posting);

        async Task PostThenReleaseAsync(RecordEngagement[] batch)
        {
            try
            {
                await IntakeBenchmark.PostBatchAsync(http, batch, CancellationToken.None);
            }
            finally
            {
                inFlight.Release();
            }
        }
    }
}
