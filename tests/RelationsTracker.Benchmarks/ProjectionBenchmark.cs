using System.Diagnostics;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.LocalPostgres;
using RelationsTracker.Relationships;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// How fast Marten's async daemon projects the state, alone in this process: the intake benchmark's events (150,000
/// over 100 relationships, dated at random over fourteen years) appended with Marten, then projected; then 10,000 more
/// in batches that each touch every relationship (as (b) posts them), and 10,000 in batches of one of two sets of
/// relationships (as the posters by set do), each projected as soon as it is appended; and, in a database of its own,
/// 2,000 meetings of one channel that fall, two by two, between meetings projected before. Appends are not timed.
/// </summary>
internal static class ProjectionBenchmark
{
    public static async Task RunAsync(LocalPostgresCluster cluster, int warmUpCount, int relationships)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        List<Engagement> Accepted(int count, int seed) => MartenAppends.Accepted(SyntheticEngagements.Generate(count, relationships, seed));

        var rows = new List<string>();
        async Task TimeAsync(string what, IEnumerable<Engagement[]> batches)
        {
            var count = 0;
            foreach (var batch in batches)
            {
                await MartenAppends.AppendBatchAsync(store, batch);
                count += batch.Length;
            }

            var clock = Stopwatch.StartNew();
            await MartenAppends.ProjectAllAsync(store);
            var seconds = clock.Elapsed.TotalSeconds;
            rows.Add($"| {what} | {count:N0} | {seconds:N1} s | {count / seconds:N0} |");
            Console.WriteLine(rows[^1]);
        }

        await TimeAsync("warm-up, in batches of 1,000 of one relationship set", ByRelationshipSet(Accepted(warmUpCount, seed: 7)));
        await TimeAsync("batches of 1,000 over every relationship", Accepted(10_000, seed: 42).Chunk(IntakeBenchmark.BatchSize));
        await TimeAsync("batches of 1,000 of one relationship set", ByRelationshipSet(Accepted(10_000, seed: 11)));

        rows.Add(await InterleavedAsync(cluster));
        Console.WriteLine(rows[^1]);

        Console.WriteLine();
        Console.WriteLine($"| events projected ({relationships} relationships, dated at random over 14 years) | engagements | projected in | engagements/s |");
        Console.WriteLine("|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
    }

    /// <summary>
    /// A second data set of one channel that falls between the days of the first: its meetings change the channel on
    /// days of their own, and the channel's refold meets the stored steps again after every second one.
    /// </summary>
    private static async Task<string> InterleavedAsync(LocalPostgresCluster cluster)
    {
        const int Count = 2_000;
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var first = new DateOnly(2000, 1, 1);
        Engagement Meeting(string sourceId, DateOnly on) => Submissions.Accept(
            new RecordEngagement
            {
                SourceId = sourceId,
                Kind = "meeting",
                OccurredOn = on.ToString("yyyy-MM-dd", null),
                Initiator = new Participant { Country = "USA", Sector = "military" },
                Counterpart = new Participant { Country = "CHN", Sector = "military" },
            },
            DateOnly.FromDateTime(DateTime.UtcNow));

        // Two new meetings in each gap of the first 1,000: the refold from the first of them folds the second before it
        // meets the stored steps again at the stored meeting after them, then hands over to the next gap's.
        Func<int, DateOnly>[] sets = [i => first.AddDays(4 * i), i => first.AddDays((4 * (i / 2)) + 1 + (i % 2))];
        var seconds = 0.0;
        for (var set = 0; set < sets.Length; set++)
        {
            await using (var session = store.LightweightSession())
            {
                var day = sets[set];
                session.Events.Append(
                    RelationshipKey.For("USA", "CHN"),
                    Enumerable.Range(0, Count).Select(i => (object)EngagementEvents.For(Meeting($"m-{set}-{i}", day(i)))).ToArray());
                await session.SaveChangesAsync();
            }

            var clock = Stopwatch.StartNew();
            await MartenAppends.ProjectAllAsync(store);
            seconds = clock.Elapsed.TotalSeconds;
        }

        return $"| {Count:N0} military meetings of one relationship, two between each two of {Count:N0} projected before, in one page | {Count:N0} | {seconds:N1} s | {Count / seconds:N0} |";
    }

    private static IEnumerable<Engagement[]> ByRelationshipSet(List<Engagement> all) =>
        IntakeBenchmark.ByRelationship(all, IntakeBenchmark.RelationshipOf).SelectMany(set => set.Chunk(IntakeBenchmark.BatchSize));
}
