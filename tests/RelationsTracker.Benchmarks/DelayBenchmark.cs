using System.Diagnostics;
using Marten;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// The intake benchmark's measure of the delay from commit to state, alone and repeated on one server: the warm-up's
/// 150,000 engagements posted and projected, then rounds of 10,000 more (each dated at random over fourteen years,
/// over the same 100 relationships) posted over HTTP in batches of 1,000, two at once, as (b) posts them, each round
/// once the state has caught up with the one before. Per round: how long the posting took, and the delays.
/// </summary>
internal static class DelayBenchmark
{
    private const int RoundSize = 10_000;
    private const int Relationships = 100;

    public static async Task RunAsync(LocalPostgresCluster cluster, int rounds)
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

        Console.WriteLine($"| round ({RoundSize:N0} engagements, {Relationships} relationships) | posted at | state caught up at | delay p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var all = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var engagements = SyntheticEngagements.Generate(RoundSize, Relationships, seed: round == 1 ? 42 : 1000 + round);
            await using var watching = ProjectionLag.Start(store);
            var clock = Stopwatch.StartNew();
            await IntakeBenchmark.PostTwoAtOnceAsync(http, engagements);
            var posted = RoundSize / clock.Elapsed.TotalSeconds;
            var (delays, caughtUpAt) = await watching.CaughtUpAsync(TimeSpan.Zero, TimeSpan.FromMinutes(10));
            all.AddRange(delays);
            Console.WriteLine($"| {round} | {posted:N0}/s | {RoundSize / caughtUpAt.TotalSeconds:N0}/s | {ProjectionLag.Percentile(delays, 0.5):N0} ms | " +
                $"{ProjectionLag.Percentile(delays, 0.99):N0} ms | {delays.DefaultIfEmpty(double.NaN).Max():N0} ms |");
        }

        Console.WriteLine($"| all {rounds} rounds ({all.Count} samples) | | | {ProjectionLag.Percentile(all, 0.5):N0} ms | {ProjectionLag.Percentile(all, 0.99):N0} ms | {all.DefaultIfEmpty(double.NaN).Max():N0} ms |");
    }
}
