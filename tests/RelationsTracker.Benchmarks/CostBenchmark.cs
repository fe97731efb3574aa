using System.Diagnostics;
using Marten;
using Npgsql;
using RelationsTracker.Contracts;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// What an engagement costs the machine, in processor time, and where: the server, PostgreSQL, and this process (the
/// poster, the writer or the daemon). Three measures, each after the intake benchmark's warm-up of 150,000 engagements
/// over 100 relationships, and long enough (300,000 engagements by default) that the processes' counters are precise:
/// (b) posted to the server over HTTP in batches of 1,000 by two posters with a set of relationships each, the server
/// not projecting; (c) the same appended with Marten by this process, as the intake benchmark's baseline; and the
/// projection alone, in this process's daemon, of a fifth as many appended over every relationship, once PostgreSQL
/// has statistics of the tables the warm-up filled. From the cost of each, the most engagements a second it could reach
/// with every core busy, and the most that could be recorded and projected, the state keeping up.
/// </summary>
internal static class CostBenchmark
{
    private static readonly TimeSpan JitSettles = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(LocalPostgresCluster cluster, int count)
    {
        const int relationships = 100;
        var warmUp = SyntheticEngagements.Generate(IntakeBenchmark.WarmUpCount, relationships, seed: 7);
        var engagements = SyntheticEngagements.Generate(count, relationships, seed: 11);
        var posted = await PostedAsync(cluster, warmUp, engagements);
        var appended = await AppendedAsync(cluster, warmUp, engagements);
        var projected = await ProjectedAsync(cluster, warmUp, SyntheticEngagements.Generate(count / 5, relationships, seed: 42));

        var cores = Environment.ProcessorCount;
        Console.WriteLine();
        Console.WriteLine($"| measure | engagements | engagements/s | cores busy | server µs/engagement | PostgreSQL µs | this process µs | all µs | at most, {cores} cores busy |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var m in new[] { posted, appended, projected })
        {
            Console.WriteLine($"| {m.What} | {m.Count:N0} | {m.Count / m.Elapsed.TotalSeconds:N0} | {m.Busy:N2} | {m.Micros(m.Cpu.Server)} | " +
                $"{m.Micros(m.Cpu.Postgres)} | {m.Micros(m.Cpu.ThisProcess)} | {m.AllMicros:N1} | {cores * 1e6 / m.AllMicros:N0}/s |");
        }

        var together = posted.AllMicros + projected.AllMicros;
        Console.WriteLine();
        Console.WriteLine($"Recorded over HTTP and projected, the state keeping up: {together:N1} µs an engagement, at most {cores * 1e6 / together:N0}/s on {cores} cores.");
    }

    private sealed record Measure(string What, int Count, TimeSpan Elapsed, CpuTime Cpu)
    {
        private TimeSpan All => Cpu.ThisProcess + (Cpu.Server ?? TimeSpan.Zero) + (Cpu.Postgres ?? TimeSpan.Zero);

        /// <summary>Microseconds an engagement; a dash for a process that did not run, or whose time is not known.</summary>
        public string Micros(TimeSpan? time) =>
            time is { } t ? (t.TotalMicroseconds / Count).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) : "-";

        public double AllMicros => All.TotalMicroseconds / Count;

        public double Busy => All / Elapsed;
    }

    private static async Task<Measure> PostedAsync(LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, database.ConnectionString));
        await using var heldOff = await ProjectionLock.HoldAsync(store, database.ConnectionString);
        await using var server = await ServerProcess.StartAsync(database.ConnectionString);
        using var http = server.Client(TimeSpan.FromMinutes(5));
        await IntakeBenchmark.PostTwoAtOnceAsync(http, warmUp);
        await Task.Delay(JitSettles);

        var posters = IntakeBenchmark.ByRelationship(engagements, IntakeBenchmark.RelationshipOf);
        return await TimeAsync(cluster, server, "(b) HTTP batches of 1,000, 2 posters by set, the server not projecting", engagements.Count, () =>
            Parallel.ForEachAsync(posters, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (poster, token) =>
            {
                foreach (var batch in poster.Chunk(IntakeBenchmark.BatchSize))
                {
                    await IntakeBenchmark.PostBatchAsync(http, batch, token);
                }
            }));
    }

    private static async Task<Measure> AppendedAsync(LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, database.ConnectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await MartenAppends.AppendByTwoWritersAsync(store, MartenAppends.Accepted(warmUp));

        var events = MartenAppends.Accepted(engagements);
        return await TimeAsync(cluster, null, "(c) Marten appends, 2 writers by set", events.Count, () => MartenAppends.AppendByTwoWritersAsync(store, events));
    }

    private static async Task<Measure> ProjectedAsync(LocalPostgresCluster cluster, List<RecordEngagement> warmUp, List<RecordEngagement> engagements)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, database.ConnectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await MartenAppends.AppendByTwoWritersAsync(store, MartenAppends.Accepted(warmUp));
        await MartenAppends.ProjectAllAsync(store);
        await AnalyzeAsync(database.ConnectionString);

        // Batches over every relationship, as (b) posts them while the server projects.
        foreach (var batch in MartenAppends.Accepted(engagements).Chunk(IntakeBenchmark.BatchSize))
        {
            await MartenAppends.AppendBatchAsync(store, batch);
        }

        return await TimeAsync(cluster, null, "the projection alone, live pages over every relationship", engagements.Count, () => MartenAppends.ProjectAllAsync(store));
    }

    private static async Task<Measure> TimeAsync(LocalPostgresCluster cluster, ServerProcess? server, string what, int count, Func<Task> run)
    {
        var start = CpuTime.Now(cluster, server);
        var clock = Stopwatch.StartNew();
        await run();
        var measure = new Measure(what, count, clock.Elapsed, CpuTime.Now(cluster, server) - start);
        Console.WriteLine($"{what}: {count / measure.Elapsed.TotalSeconds:N0}/s, {measure.AllMicros:N1} µs of processor time an engagement");
        return measure;
    }

    /// <summary>
    /// Gives PostgreSQL statistics of the tables the warm-up filled, as autovacuum does within a minute on a server that
    /// runs: without them it plans the projection's statements as if the tables were nearly empty, and the projection
    /// runs a quarter slower than it does once they are known.
    /// </summary>
    private static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("analyze", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
