using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// How late webhooks arrive while the intake runs flat out: a watch on every change delivers to a receiver in this
/// process while two posters send HTTP batches of 1,000 as fast as the server takes them (intake variant (b)). The
/// delay of a change is from its <c>recordedAt</c>, the recording time of the last engagement that made it (taken in
/// the transaction that commits the engagement), to the moment the receiver has read its body: it includes the
/// projection's lag. Afterwards every change the tracker logged for the watch must have
/// arrived.
/// </summary>
internal static class AlertsBenchmark
{
    private const string Secret = "benchmark-webhook-secret";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(LocalPostgresCluster cluster, int count, int relationships, int runs)
    {
        var warmUp = SyntheticEngagements.Generate(IntakeBenchmark.WarmUpCount, relationships, seed: 7);
        var engagements = SyntheticEngagements.Generate(count, relationships, seed: 11);
        Console.WriteLine($"| run ({count:N0} engagements, {relationships} relationships, after {warmUp.Count:N0}) | intake engagements/s | changes delivered | p50 | p95 | p99 | max | lost |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            await RunOnceAsync(cluster, run, warmUp, engagements);
        }
    }

    private static async Task RunOnceAsync(LocalPostgresCluster cluster, int run, List<RecordEngagement> warmUp, List<RecordEngagement> engagements)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        await using var server = await ServerProcess.StartAsync(connectionString);
        using var http = server.Client(TimeSpan.FromMinutes(5));
        await PostAsync(http, warmUp);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await CaughtUpAsync(store);

        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync();
        using (var created = await http.PostAsJsonAsync("/api/watches", new { webhook = new { url = receiver.Url, secret = Secret } }))
        {
            created.EnsureSuccessStatusCode();
        }

        var watchedSince = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await PostAsync(http, engagements);
        var intake = engagements.Count / clock.Elapsed.TotalSeconds;

        // Every change is logged once the state includes every engagement.
        await CaughtUpAsync(store);
        var logged = await LoggedChangesAsync(store, watchedSince);
        var drained = Stopwatch.StartNew();
        while (logged.Except(receiver.Taken.Select(r => r.Change.ChangeId)).Any() && drained.Elapsed < DrainTimeout)
        {
            await Task.Delay(100);
        }

        // Changes of the warm-up still queued when the watch was made reach it too: they are not timed.
        var delays = receiver.Taken.Where(r => logged.Contains(r.Change.ChangeId)).DistinctBy(r => r.Change.ChangeId)
            .Select(r => (r.ArrivedAt - r.Change.RecordedAt).TotalMilliseconds).Order().ToArray();
        var lost = logged.Except(receiver.Taken.Select(r => r.Change.ChangeId)).Count();
        string Ms(double quantile) => delays.Length == 0 ? "-" : $"{delays[(int)Math.Ceiling(quantile * delays.Length) - 1]:N0} ms";
        Console.WriteLine($"| {run} | {intake:N0} | {delays.Length:N0} of {logged.Count:N0} | {Ms(0.5)} | {Ms(0.95)} | {Ms(0.99)} | {Ms(1)} | {lost} |");
    }

    private static async Task CaughtUpAsync(IDocumentStore store)
    {
        await using var lag = ProjectionLag.Start(store);
        await lag.CaughtUpAsync(TimeSpan.Zero, DrainTimeout);
    }

    private static Task PostAsync(HttpClient http, List<RecordEngagement> all) =>
        Parallel.ForEachAsync(IntakeBenchmark.ByRelationship(all, IntakeBenchmark.RelationshipOf), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (poster, token) =>
        {
            foreach (var batch in poster.Chunk(IntakeBenchmark.BatchSize))
            {
                await IntakeBenchmark.PostBatchAsync(http, batch, token);
            }
        });

    /// <summary>The changes the tracker logged since the watch was made: each must reach its webhook.</summary>
    private static async Task<HashSet<Guid>> LoggedChangesAsync(IDocumentStore store, DateTimeOffset since)
    {
        await using var session = store.QuerySession();
        var ids = await session.QueryAsync<Guid>($"select change_id from {RelationsTrackerStore.Schema}.channel_change where recorded_at >= ?", since);
        return ids.ToHashSet();
    }
}
