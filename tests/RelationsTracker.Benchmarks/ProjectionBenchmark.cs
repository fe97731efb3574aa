using System.Diagnostics;
using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// How fast Marten's async daemon projects the state, alone in this process: the intake benchmark's events (150,000
/// over 100 relationships, dated at random over fourteen years) appended with Marten, then projected; then 10,000 more
/// in batches that each touch every relationship (as (b) posts them), and 10,000 in batches of one of two sets of
/// relationships (as the posters by set do), each projected as soon as it is appended. Appends are not timed.
/// </summary>
internal static class ProjectionBenchmark
{
    public static async Task RunAsync(LocalPostgresCluster cluster, int warmUpCount, int relationships)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        List<Engagement> Accepted(int count, int seed) =>
            SyntheticEngagements.Generate(count, relationships, seed).Select(e => Submissions.Accept(e, today)).ToList();

        var rows = new List<string>();
        async Task TimeAsync(string what, IEnumerable<Engagement[]> batches)
        {
            var count = 0;
            foreach (var batch in batches)
            {
                await using var session = store.LightweightSession();
                foreach (var engagement in batch)
                {
                    session.Events.Append(IntakeBenchmark.RelationshipOf(engagement), EngagementEvents.For(engagement));
                }

                await session.SaveChangesAsync();
                count += batch.Length;
            }

            var clock = Stopwatch.StartNew();
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.StartAllAsync();
            await daemon.WaitForNonStaleData(TimeSpan.FromHours(1));
            await daemon.StopAllAsync();
            var seconds = clock.Elapsed.TotalSeconds;
            rows.Add($"| {what} | {count:N0} | {seconds:N1} s | {count / seconds:N0} |");
            Console.WriteLine(rows[^1]);
        }

        await TimeAsync("warm-up, in batches of 1,000 of one relationship set", ByRelationshipSet(Accepted(warmUpCount, seed: 7)));
        await TimeAsync("batches of 1,000 over every relationship", Accepted(10_000, seed: 42).Chunk(IntakeBenchmark.BatchSize));
        await TimeAsync("batches of 1,000 of one relationship set", ByRelationshipSet(Accepted(10_000, seed: 11)));

        Console.WriteLine();
        Console.WriteLine($"| events projected ({relationships} relationships, dated at random over 14 years) | engagements | projected in | engagements/s |");
        Console.WriteLine("|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
    }

    private static IEnumerable<Engagement[]> ByRelationshipSet(List<Engagement> all) =>
        IntakeBenchmark.ByRelationship(all, IntakeBenchmark.RelationshipOf).SelectMany(set => set.Chunk(IntakeBenchmark.BatchSize));
}
