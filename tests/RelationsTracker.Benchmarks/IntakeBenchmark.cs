using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Engagements.Submitting;
using RelationsTracker.LocalPostgres;
using Wolverine;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// 10,000 engagements over 100 relationships: (a) published to the queue by this process (a message per engagement, and messages of 500) and consumed by the
/// server process, timed until all are projected; (b) posted in batches of 1,000 to the server over HTTP; and
/// (c) the same events appended directly with Marten (no bus, no validation) as the baseline; (c') the same without
/// the relationships' state projection, for scale.
/// </summary>
internal static class IntakeBenchmark
{
    internal const int BatchSize = 1000;
    private const int SubmitSize = 500;
    internal const int WarmUpCount = 150_000;
    private const int ColdCount = 10_000;

    // Publishing a message at a time, 32 concurrent publishes were clearly faster than 8, and more gained nothing (the
    // publisher's outbox then moves one message at a time into the queue).
    private const int Publishers = 32;

    public static async Task RunAsync(LocalPostgresCluster cluster, int count, int relationships, int runs, bool appendsOnly)
    {
        var engagements = SyntheticEngagements.Generate(count, relationships);

        // Sent first and not timed (through the queue: in messages of 500), so that the figures are those of a running
        // server: a fresh .NET process takes 100,000 to 200,000 engagements before the JIT's tiers have optimised its
        // code (over HTTP, its first 20,000 went at about a third of the speed of those after 200,000). The speed of the
        // first 10,000 over HTTP is reported apart, as the cold speed.
        var warmUp = SyntheticEngagements.Generate(WarmUpCount, relationships, seed: 7);
        var more = SyntheticEngagements.Generate(count, relationships, seed: 11);
        var results = new List<(string Variant, double PerSecond, double? PeakMib)>();
        for (var run = 1; run <= runs; run++)
        {
            if (appendsOnly)
            {
                await AppendsAsync(cluster, warmUp, engagements, results);
                Console.WriteLine($"run {run}: " + string.Join(", ", results.TakeLast(2).Select(r => $"{r.Variant} {r.PerSecond:0}/s")));
                continue;
            }

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
            var (posted, postedApart, cold, httpPeak) = await HttpBatchesAsync(cluster, warmUp, engagements, more);
            results.Add(($"(b) HTTP batches of 1,000, the first {ColdCount:N0} after the server starts (cold)", cold, httpPeak));
            results.Add(("(b) HTTP batches of 1,000, 2 at once", posted, httpPeak));
            results.Add(("(b) HTTP batches of 1,000, 2 posters with a set of relationships each", postedApart, httpPeak));
            await AppendsAsync(cluster, warmUp, engagements, results);
            Console.WriteLine($"run {run}: " + string.Join(", ", results.TakeLast(8).Select(r => $"{r.Variant} {r.PerSecond:0}/s")));
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
    }

    private static async Task AppendsAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, List<(string Variant, double PerSecond, double? PeakMib)> results)
    {
        results.Add(("(c) Marten appends (baseline)", await DirectAsync(cluster, warmUp, engagements, (options, connectionString) => RelationsTrackerStore.Configure(options, connectionString)), null));
        results.Add((
            "(c') Marten appends without the state projection",
            await DirectAsync(cluster, warmUp, engagements, (options, connectionString) => RelationsTrackerStore.ConfigureEvents(options, connectionString)),
            null));
    }

    private static async Task<(double PerSecond, double? PeakMib)> QueueAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, Func<IMessageBus, List<RecordEngagement>, Task> publish)
    {
        var connectionString = await FreshDatabaseAsync(cluster);
        await using var server = await ServerProcess.StartAsync(connectionString);
        using var publisher = await EngagementPublishing.StartPublisherAsync(connectionString);
        var bus = publisher.Services.GetRequiredService<IMessageBus>();
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        foreach (var chunk in warmUp.Chunk(SubmitSize))
        {
            await bus.PublishAsync(new SubmitEngagements(chunk));
        }

        await WaitUntilRecordedAsync(store, warmUp.Count);

        var clock = Stopwatch.StartNew();
        await publish(bus, engagements);
        await WaitUntilRecordedAsync(store, warmUp.Count + engagements.Count);
        var elapsed = clock.Elapsed;
        await publisher.StopAsync();
        return (engagements.Count / elapsed.TotalSeconds, server.PeakMemoryMib());
    }

    private static async Task<(double Mixed, double Apart, double Cold, double? PeakMib)> HttpBatchesAsync(
        LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements, List<RecordEngagement> more)
    {
        var connectionString = await FreshDatabaseAsync(cluster);
        await using var server = await ServerProcess.StartAsync(connectionString);
        using var http = server.Client(TimeSpan.FromMinutes(5));
        async Task PostAsync(RecordEngagement[] batch, CancellationToken token)
        {
            using var answer = await http.PostAsJsonAsync("/api/engagements/batch", batch, token);
            answer.EnsureSuccessStatusCode();
        }

        Task PostAllAsync(List<RecordEngagement> all) =>
            Parallel.ForEachAsync(all.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, token) => await PostAsync(batch, token));
        var clock = Stopwatch.StartNew();
        await PostAllAsync(warmUp[..ColdCount]);
        var cold = ColdCount / clock.Elapsed.TotalSeconds;
        await PostAllAsync(warmUp[ColdCount..]);

        clock.Restart();
        await PostAllAsync(engagements);
        var mixed = engagements.Count / clock.Elapsed.TotalSeconds;

        // As the baseline's writers are: two posters, each with its own relationships.
        var posters = ByRelationship(more, RelationshipOf);
        clock.Restart();
        await Parallel.ForEachAsync(posters, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (poster, token) =>
        {
            foreach (var batch in poster.Chunk(BatchSize))
            {
                await PostAsync(batch, token);
            }
        });
        var apart = more.Count / clock.Elapsed.TotalSeconds;
        return (mixed, apart, cold, server.PeakMemoryMib());
    }

    private static string RelationshipOf(Engagement engagement) =>
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
        var connectionString = await FreshDatabaseAsync(cluster);
        using var store = DocumentStore.For(options => configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // Validation and mapping happen before the clock starts: the baseline is storage alone.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        List<Engagement> Accepted(List<RecordEngagement> all) => all.Select(e => Submissions.Accept(e, today)).ToList();
        var (warmUpEvents, events) = (Accepted(warmUp), Accepted(engagements));
        Task AppendAllAsync(List<Engagement> all)
        {
            // Two writers, each with its own relationships (two sessions must not append to one stream at once).
            return Parallel.ForEachAsync(ByRelationship(all, RelationshipOf), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (writer, token) =>
            {
                foreach (var batch in writer.Chunk(BatchSize))
                {
                    await using var session = store.LightweightSession();
                    foreach (var engagement in batch)
                    {
                        session.Events.Append(RelationshipOf(engagement), EngagementEvents.For(engagement));
                    }

                    await session.SaveChangesAsync(token);
                }
            });
        }

        await AppendAllAsync(warmUpEvents);
        var clock = Stopwatch.StartNew();
        await AppendAllAsync(events);
        return events.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Waits until the relationships' streams hold <paramref name="count"/> events (their versions add up to it): the
    /// markers and the inline projection commit with them. Summing a hundred streams' versions costs PostgreSQL next to
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

    internal static async Task<string> FreshDatabaseAsync(LocalPostgresCluster cluster)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await cluster.CreateDatabaseAsync(name);
        return cluster.ConnectionString(name);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
