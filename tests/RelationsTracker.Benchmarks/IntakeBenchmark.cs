using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Submitting;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.LocalPostgres;
using RelationsTracker.Relationships.Projection;
using Wolverine;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// 10,000 engagements over 100 relationships: (a) published to the queue by this process (a message per engagement, and messages of 500) and consumed by the
/// server process, timed until all are recorded; (b) posted in batches of 1,000 to the server over HTTP; and
/// (c) the same events appended directly with Marten (no bus, no validation, no markers) as the baseline. The server
/// projects the state meanwhile, in its async daemon: while (b) posts flat out, the delay from each commit to the
/// state that includes it is watched, and the time until the state includes every engagement is reported. (b) runs
/// again on a server that does not project (this process holds the projection's lock), to tell what the ways in cost
/// from what the projection beside them takes.
/// </summary>
internal static class IntakeBenchmark
{
    internal const int BatchSize = 1000;
    private const int SubmitSize = 500;
    internal const int WarmUpCount = 150_000;
    private const int ColdCount = 10_000;

    private static readonly TimeSpan JitSettles = TimeSpan.FromSeconds(15);

    // Publishing a message at a time, 32 concurrent publishes were clearly faster than 8, and more gained nothing (the
    // publisher's outbox then moves one message at a time into the queue).
    private const int Publishers = 32;

    public static async Task RunAsync(LocalPostgresCluster cluster, int count, int relationships, int runs)
    {
        var engagements = SyntheticEngagements.Generate(count, relationships);

        // Sent first and not timed (through the queue: in messages of 500), so that the figures are those of a running
        // server: a fresh .NET process takes 100,000 to 200,000 engagements before the JIT's tiers have optimised its
        // code (over HTTP, its first 20,000 went at about a third of the speed of those after 200,000). The speed of the
        // first 10,000 over HTTP is reported apart, as the cold speed.
        var warmUp = SyntheticEngagements.Generate(WarmUpCount, relationships, seed: 7);
        var more = SyntheticEngagements.Generate(count, relationships, seed: 11);
        var results = new List<(string Variant, double PerSecond, double? PeakMib)>();
        var lags = new List<(IReadOnlyList<double> DelaysMs, double ProjectedPerSecond)>();
        for (var run = 1; run <= runs; run++)
        {
            var (queued, queuePeak) = await QueueAsync(cluster, warmUp, engagements, (bus, batch) => Parallel.ForEachAsync(
                batch, new ParallelOptions { MaxDegreeOfParallelism = Publishers }, async (e, _) => await bus.PublishAsync(e)));
            results.Add(($"(a) queue, separate publisher, a message per engagement ({Publishers} at once)", queued, queuePeak));
            var (submitted, submitPeak) = await QueueAsync(cluster, warmUp, engagements, async (bus, batch) =>
            {
                foreach (var chunk in batch.Chunk(SubmitSize))
                {
                    await bus.PublishAsync(new SubmitEngagements(chunk));
                }
            });
            results.Add(($"(a) queue, separate publisher, messages of {SubmitSize}", submitted, submitPeak));
            var (apartSubmitted, apartSubmitPeak) = await QueueAsync(cluster, warmUp, engagements, async (bus, batch) =>
            {
                // Each message holds the relationships of one of two sets, the sets in turn, so that messages the
                // server handles at the same time do not all wait for the same relationships.
                var sets = ByRelationship(batch, RelationshipOf).Select(set => set.Chunk(SubmitSize).ToList()).ToList();
                for (var i = 0; i < sets.Max(set => set.Count); i++)
                {
                    foreach (var set in sets.Where(set => i < set.Count))
                    {
                        await bus.PublishAsync(new SubmitEngagements(set[i]));
                    }
                }
            });
            results.Add(($"(a) queue, separate publisher, messages of {SubmitSize}, each of one of two sets of relationships", apartSubmitted, apartSubmitPeak));
            var (posted, postedApart, cold, httpPeak, lag) = await HttpBatchesAsync(cluster, warmUp, engagements, more);
            lags.Add(lag);
            results.Add(($"(b) HTTP batches of 1,000, the first {ColdCount:N0} after the server starts (cold)", cold, httpPeak));
            results.Add(("(b) HTTP batches of 1,000, 2 at once", posted, httpPeak));
            results.Add(("(b) HTTP batches of 1,000, 2 posters with a set of relationships each", postedApart, httpPeak));
            var (heldPosted, heldApart, _, heldPeak, _) = await HttpBatchesAsync(cluster, warmUp, engagements, more, projecting: false);
            results.Add(("(b) HTTP batches of 1,000, 2 at once, the server not projecting", heldPosted, heldPeak));
            results.Add(("(b) HTTP batches of 1,000, 2 posters with a set of relationships each, the server not projecting", heldApart, heldPeak));
            await AppendsAsync(cluster, warmUp, engagements, results);
            Console.WriteLine($"run {run}: " + string.Join(", ", results.TakeLast(9).Select(r => $"{r.Variant} {r.PerSecond:0}/s")));
            Console.WriteLine($"run {run}: state caught up at {lag.ProjectedPerSecond:0} engagements/s; delay from commit to state p50 " +
                $"{ProjectionLag.Percentile(lag.DelaysMs, 0.5):0} ms, p95 {ProjectionLag.Percentile(lag.DelaysMs, 0.95):0} ms, " +
                $"p99 {ProjectionLag.Percentile(lag.DelaysMs, 0.99):0} ms, max {lag.DelaysMs.DefaultIfEmpty(double.NaN).Max():0} ms ({lag.DelaysMs.Count} samples)");
        }

        var baseline = Median(results.Where(r => r.Variant.StartsWith("(c)", StringComparison.Ordinal)).Select(r => r.PerSecond));
        Console.WriteLine();
        Console.WriteLine($"| variant ({count:N0} engagements, {relationships} relationships, median of {runs}) | engagements/s | share of baseline | server peak RSS |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var variant in results.GroupBy(r => r.Variant))
        {
            var median = Median(variant.Select(r => r.PerSecond));
            var peak = variant.Max(r => r.PeakMib);
            Console.WriteLine($"| {variant.Key} | {median:N0} | {median / baseline:P0} | {(peak is null ? "-" : $"{peak:N0} MiB")} |");
        }

        if (lags.Count > 0)
        {
            var all = lags.SelectMany(l => l.DelaysMs).ToList();
            Console.WriteLine();
            Console.WriteLine($"| while (b) posts 2 batches at once: delay from commit to state, all {runs} runs | p50 | p95 | p99 | max | state caught up at (median) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine($"| {all.Count} samples | {ProjectionLag.Percentile(all, 0.5):N0} ms | {ProjectionLag.Percentile(all, 0.95):N0} ms | " +
                $"{ProjectionLag.Percentile(all, 0.99):N0} ms | {all.Max():N0} ms | {Median(lags.Select(l => l.ProjectedPerSecond)):N0} engagements/s |");
        }
    }

    private static async Task AppendsAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, List<(string Variant, double PerSecond, double? PeakMib)> results)
    {
        results.Add(("(c) Marten appends (baseline)", await DirectAsync(cluster, warmUp, engagements, (options, connectionString) => RelationsTrackerStore.Configure(options, connectionString)), null));
    }

    private static async Task<(double PerSecond, double? PeakMib)> QueueAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, Func<IMessageBus, List<RecordEngagement>, Task> publish)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        await using var server = await ServerProcess.StartAsync(connectionString);
        using var publisher = await EngagementPublishing.StartPublisherAsync(connectionString);
        var bus = publisher.Services.GetRequiredService<IMessageBus>();
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        foreach (var chunk in warmUp.Chunk(SubmitSize))
        {
            await bus.PublishAsync(new SubmitEngagements(chunk));
        }

        await WaitUntilRecordedAsync(store, warmUp.Count);
        await using (var warmedUp = ProjectionLag.Start(store))
        {
            await warmedUp.CaughtUpAsync(TimeSpan.Zero, TimeSpan.FromMinutes(10));
        }

        var clock = Stopwatch.StartNew();
        await publish(bus, engagements);
        await WaitUntilRecordedAsync(store, warmUp.Count + engagements.Count);
        var elapsed = clock.Elapsed;
        await publisher.StopAsync();
        return (engagements.Count / elapsed.TotalSeconds, server.PeakMemoryMib());
    }

    /// <param name="projecting">
    /// False to hold the projection's lock in this process before the server starts, so that its daemon stands by and
    /// the ways in are measured alone, without the projection's work on the same cores.
    /// </param>
    private static async Task<(double Mixed, double Apart, double Cold, double? PeakMib, (IReadOnlyList<double> DelaysMs, double ProjectedPerSecond) Lag)> HttpBatchesAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, List<RecordEngagement> more, bool projecting = true)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await using var heldOff = projecting ? null : await ProjectionLock.HoldAsync(store, connectionString);
        await using var server = await ServerProcess.StartAsync(connectionString);
        using var http = server.Client(TimeSpan.FromMinutes(5));
        // As the baseline's writers are: two posters, each with its own relationships.
        async Task<double> PostersAsync()
        {
            var posters = ByRelationship(more, RelationshipOf);
            var posting = Stopwatch.StartNew();
            await Parallel.ForEachAsync(posters, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (poster, token) =>
            {
                foreach (var batch in poster.Chunk(BatchSize))
                {
                    await PostBatchAsync(http, batch, token);
                }
            });
            return more.Count / posting.Elapsed.TotalSeconds;
        }

        var clock = Stopwatch.StartNew();
        await PostTwoAtOnceAsync(http, warmUp[..ColdCount]);
        var cold = ColdCount / clock.Elapsed.TotalSeconds;
        await PostTwoAtOnceAsync(http, warmUp[ColdCount..]);

        if (!projecting)
        {
            // For some seconds after the warm-up the server's JIT still compiles (hundreds of methods a second at
            // first): the projecting variant spends them waiting for the projection to catch up, this one waits too.
            await Task.Delay(JitSettles);
            clock.Restart();
            await PostTwoAtOnceAsync(http, engagements);
            var alone = engagements.Count / clock.Elapsed.TotalSeconds;
            var apartAlone = await PostersAsync();
            await using var session = store.QuerySession();
            if ((await StateFreshness.PositionsAsync(session, CancellationToken.None)).Projected > 0)
            {
                throw new InvalidOperationException("The server projected while the benchmark held the projection's lock.");
            }

            return (alone, apartAlone, cold, server.PeakMemoryMib(), ([], double.NaN));
        }

        // The warm-up projected first, so that the delays are those of the timed engagements.
        await using (var warmedUp = ProjectionLag.Start(store))
        {
            await warmedUp.CaughtUpAsync(TimeSpan.Zero, TimeSpan.FromMinutes(10));
        }

        await using var watching = ProjectionLag.Start(store);
        clock.Restart();
        await PostTwoAtOnceAsync(http, engagements);
        var mixed = engagements.Count / clock.Elapsed.TotalSeconds;
        var (delays, caughtUpAt) = await watching.CaughtUpAsync(TimeSpan.Zero, TimeSpan.FromMinutes(10));
        var projected = engagements.Count / caughtUpAt.TotalSeconds;
        return (mixed, await PostersAsync(), cold, server.PeakMemoryMib(), (delays, projected));
    }

    /// <summary>Posts one batch to the server; an answer other than success ends the benchmark.</summary>
    internal static async Task PostBatchAsync(HttpClient http, RecordEngagement[] batch, CancellationToken token)
    {
        using var answer = await http.PostAsJsonAsync("/api/engagements/batch", batch, token);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>Posts the engagements in batches of <see cref="BatchSize"/>, two at once, in the order given.</summary>
    internal static Task PostTwoAtOnceAsync(HttpClient http, IEnumerable<RecordEngagement> all) =>
        Parallel.ForEachAsync(all.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = 2 }, (batch, token) => new ValueTask(PostBatchAsync(http, batch, token)));

    internal static string RelationshipOf(Engagement engagement) =>
        Relationships.RelationshipKey.For(engagement.Initiator.Country, engagement.Counterpart.Country);

    internal static string RelationshipOf(RecordEngagement submission) =>
        Relationships.RelationshipKey.For(submission.Initiator!.Country!, submission.Counterpart!.Country!);

    /// <summary>The engagements in two sets with no relationship in common, each in the order given.</summary>
    internal static List<List<T>> ByRelationship<T>(List<T> all, Func<T, string> relationshipOf) =>
        all.GroupBy(relationshipOf)
            .Select((relationship, index) => (relationship, index))
            .GroupBy(r => r.index % 2, r => r.relationship)
            .Select(w => w.SelectMany(r => r).ToList())
            .ToList();

    private static async Task<double> DirectAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, Action<StoreOptions, string> configure)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // Validation and mapping happen before the clock starts: the baseline is storage alone.
        var (warmUpEvents, events) = (MartenAppends.Accepted(warmUp), MartenAppends.Accepted(engagements));
        await MartenAppends.AppendByTwoWritersAsync(store, warmUpEvents);
        var clock = Stopwatch.StartNew();
        await MartenAppends.AppendByTwoWritersAsync(store, events);
        return events.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Waits until the relationships' streams hold <paramref name="count"/> events (their versions add up to it): the
    /// markers commit with them; the state follows, in the server's daemon. Summing a hundred streams' versions costs PostgreSQL next to
    /// nothing; counting the markers, many times a second, took a noticeable share of the machine from the variants
    /// being timed.
    /// </summary>
    private static async Task WaitUntilRecordedAsync(IDocumentStore store, int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await using var session = store.QuerySession();
            var events = await session.QueryAsync<long>($"select coalesce(sum(version), 0)::bigint from {RelationsTrackerStore.Schema}.mt_streams");
            if (events.Single() >= count)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The server did not record all the engagements within 10 minutes.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
