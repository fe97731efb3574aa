using System.Diagnostics;
using System.Globalization;
using Marten;
using Npgsql;
using NpgsqlTypes;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Imports;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// A synthetic ICEWS file (generated here, fixed seed) imported through the same path as <c>relations import</c>,
/// until every engagement is recorded and projected; and, in the same run, PostgreSQL COPY of the same rows into a
/// plain table as the physical baseline.
/// </summary>
internal static class ImportBenchmark
{
    private static readonly string[] Countries =
        ["United States", "China", "Russian Federation", "Japan", "India", "Germany", "France", "United Kingdom", "Brazil", "South Korea",
         "Iran", "Turkey", "Israel", "Egypt", "Nigeria", "Mexico", "Canada", "Australia", "Indonesia", "Pakistan"];

    private static readonly string[] Codes = ["042", "043", "041", "040", "036", "125", "111", "163", "051", "010", "0311", "120"];

    private static readonly string[] Sectors =
        ["Government,Executive,Foreign Ministry", "Government,Defense / Security Ministry,Military", "Business", "Legislative / Parliamentary", "NA"];

    public static async Task RunAsync(LocalPostgresCluster cluster, int rows)
    {
        var file = Path.Combine(Path.GetTempPath(), $"icews-synthetic-{rows}.tab");
        Generate(file, rows);
        try
        {
            var import = await ImportAsync(cluster, file);
            var copy = await CopyAsync(cluster, file);
            Console.WriteLine();
            Console.WriteLine($"| {rows:N0} synthetic ICEWS rows | rows/s | time | ratio to COPY |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| relations import (imported {import.Summary.Imported:N0}, skipped {import.Summary.Skipped.Values.Sum():N0}, already recorded {import.Summary.AlreadyRecorded:N0}) | {import.Summary.RowsPerSecond:N0} | {import.Summary.Elapsed.TotalSeconds:N1} s | {import.Summary.RowsPerSecond / copy:P1} |");
            Console.WriteLine($"| PostgreSQL COPY into a plain table (baseline) | {copy:N0} | {rows / copy:N1} s | 100 % |");
            Console.WriteLine($"Peak RSS of the importing process: {import.PeakMib:N0} MiB");
            Console.WriteLine($"CPU time of the importing process (PostgreSQL's not included): {import.CpuSeconds:N1} s, {import.CpuSeconds * 1e6 / rows:N0} µs per row");
            Console.WriteLine($"Garbage collection: {import.Gc.Allocated / rows:N0} bytes allocated per row, {import.Gc.Pauses.TotalSeconds:N1} s paused, {import.Gc.Gen2} gen 2 collections");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Generate(string file, int rows)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(file);
        writer.WriteLine("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude");
        var first = new DateOnly(1995, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var source = Countries[random.Next(Countries.Length)];
            var target = Countries[random.Next(Countries.Length)];
            var code = Codes[random.Next(Codes.Length)];
            var date = first.AddDays(random.Next(0, 28 * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            writer.WriteLine(string.Join('\t',
                i.ToString(CultureInfo.InvariantCulture), date, "Official of " + source, Sectors[random.Next(Sectors.Length)], source,
                "Synthetic event", code, (random.Next(-100, 100) / 10.0).ToString(CultureInfo.InvariantCulture),
                "Official of " + target, Sectors[random.Next(Sectors.Length)], target,
                (100_000 + i).ToString(CultureInfo.InvariantCulture), "1", "Synthetic Wire", "NA", "NA", "NA", target, "NA", "NA"));
        }
    }

    private static async Task<(ImportSummary Summary, double PeakMib, double CpuSeconds, (long Allocated, TimeSpan Pauses, int Gen2) Gc)> ImportAsync(LocalPostgresCluster cluster, string file)
    {
        var connectionString = await IntakeBenchmark.FreshDatabaseAsync(cluster);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var stream = File.OpenRead(file);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (allocated, pauses, gen2) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        var summary = await EngagementImport.RunAsync(
            store, new RelationshipLocks(), stream, format: null, DateOnly.FromDateTime(DateTime.UtcNow),
            new Progress<ImportSummary>(s => Console.Write($"\r{s.Rows:N0} rows, {s.RowsPerSecond:N0} rows/s   ")),
            CancellationToken.None);
        Console.WriteLine();
        return (
            summary,
            PeakMib(),
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,
            (GC.GetTotalAllocatedBytes() - allocated, GC.GetTotalPauseDuration() - pauses, GC.CollectionCount(2) - gen2));
    }

    private static async Task<double> CopyAsync(LocalPostgresCluster cluster, string file)
    {
        var connectionString = await IntakeBenchmark.FreshDatabaseAsync(cluster);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            "create table icews_rows (event_id bigint, event_date date, source_country text, target_country text, cameo text, intensity double precision, row jsonb)",
            connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        long rows = 0;
        await using (var import = await connection.BeginBinaryImportAsync("copy icews_rows from stdin (format binary)"))
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.Split('\t');
                await import.StartRowAsync();
                await import.WriteAsync(long.Parse(f[0], CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
                await import.WriteAsync(DateOnly.Parse(f[1], CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await import.WriteAsync(f[4], NpgsqlDbType.Text);
                await import.WriteAsync(f[10], NpgsqlDbType.Text);
                await import.WriteAsync(f[6], NpgsqlDbType.Text);
                await import.WriteAsync(double.Parse(f[7], CultureInfo.InvariantCulture), NpgsqlDbType.Double);
                await import.WriteAsync($"{{\"source\":\"{f[2]}\",\"target\":\"{f[8]}\",\"story\":{f[11]}}}", NpgsqlDbType.Jsonb);
                rows++;
            }

            await import.CompleteAsync();
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    private static double PeakMib()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
