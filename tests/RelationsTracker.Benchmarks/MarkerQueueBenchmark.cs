using System.Diagnostics;
using Marten;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// What queueing a write's idempotency markers in a Marten session costs, by how many the write holds: a batch of the
/// intake holds up to 1,000, a part of an import's chunk about 2,500. Nothing is saved; this times
/// <c>session.Insert</c> alone, after a warm-up, the median of five sessions for each size.
/// </summary>
internal static class MarkerQueueBenchmark
{
    public static async Task RunAsync(LocalPostgresCluster cluster)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, database.ConnectionString));
        int[] sizes = [100, 1_000, 2_500, 5_000];
        foreach (var size in sizes)
        {
            await QueueAsync(store, size);
        }

        Console.WriteLine("| markers in one session | µs to queue a marker (median of 5) |");
        Console.WriteLine("|---|---|");
        foreach (var size in sizes)
        {
            var times = new List<double>();
            for (var session = 0; session < 5; session++)
            {
                times.Add(await QueueAsync(store, size));
            }

            Console.WriteLine($"| {size:N0} | {times.Order().ElementAt(2):N2} |");
        }
    }

    private static async Task<double> QueueAsync(IDocumentStore store, int size)
    {
        var markers = Enumerable.Range(0, size).Select(i => new EngagementSource($"source-{i}", "CHN-USA", "fingerprint")).ToArray();
        await using var session = store.LightweightSession();
        var clock = Stopwatch.StartNew();
        session.Insert(markers);
        return clock.Elapsed.TotalMicroseconds / size;
    }
}
