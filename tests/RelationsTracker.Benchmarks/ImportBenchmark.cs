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
/// A synthetic ICEWS file (generated here, fixed seed) imported by <c>relations import</c> in its own process, until
/// every engagement is recorded (the import's own rate) and projected (the command's end: with no server running, it
/// projects the state itself); and, in the same run, the baselines: the same events appended directly with Marten in
/// the import's batches (no validation, no markers, no locks), and PostgreSQL COPY of the same rows into a plain table
/// as the physical floor.
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
            ImportRun import;
            TimeSpan storage;
            await using (var database = await ScratchDatabase.CreateAsync(cluster))
            {
                import = await ImportAsync(database.ConnectionString, file);
                storage = await StorageAloneAsync(database.ConnectionString);
            }

            var appends = await MartenAppendsAsync(cluster, file, (options, connectionString) => RelationsTrackerStore.Configure(options, connectionString));
            var copy = await CopyAsync(cluster, file);
            var perSecond = rows / import.Elapsed.TotalSeconds;
            var importedPerSecond = import.Imported / import.Elapsed.TotalSeconds;
            var recordedPerSecond = import.Imported / (rows / import.RowsPerSecond);
            Console.WriteLine();
            Console.WriteLine($"| {rows:N0} synthetic ICEWS rows | rows/s | events/s | time | share of Marten appends (events/s) | ratio to COPY |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine($"| relations import, recording (imported {import.Imported:N0}; the command's own rate) | {import.RowsPerSecond:N0} | {recordedPerSecond:N0} | {rows / import.RowsPerSecond:N1} s | {recordedPerSecond / appends.PerSecond:P0} | {import.RowsPerSecond / copy:P1} |");
            Console.WriteLine($"| relations import, the whole command: recording, then projecting the state | {perSecond:N0} | {importedPerSecond:N0} | {import.Elapsed.TotalSeconds:N1} s | {importedPerSecond / appends.PerSecond:P0} | {perSecond / copy:P1} |");
            Console.WriteLine($"| Marten appends of the same {appends.Events:N0} events in the import's batches (baseline) | - | {appends.PerSecond:N0} | {appends.Events / appends.PerSecond:N1} s | 100 % | |");
            Console.WriteLine($"| PostgreSQL COPY into a plain table | {copy:N0} | - | {rows / copy:N1} s | | 100 % |");
            Console.WriteLine($"| PostgreSQL alone storing the imported events and markers again, in copies of their tables | {import.Imported / storage.TotalSeconds:N0} (per event) | {storage.TotalSeconds:N1} s | |");
            Console.WriteLine($"Peak RSS of the relations import process: {import.PeakMib:N0} MiB");
            Console.WriteLine($"CPU time of the relations import process (PostgreSQL's not included): {import.CpuSeconds:N1} s, {import.CpuSeconds * 1e6 / rows:N0} µs per row");
            var others = import.MachineCpuSeconds - import.CpuSeconds;
            Console.WriteLine($"CPU time of the rest of the machine meanwhile (PostgreSQL, on an otherwise idle machine): {others:N1} s, {others * 1e6 / rows:N0} µs per row; the machine was {import.MachineCpuSeconds / (Environment.ProcessorCount * import.Elapsed.TotalSeconds):P0} busy");
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

    /// <summary>Runs <c>relations import FILE</c> as its own process, as a user would, watching its memory and CPU time.</summary>
    private static async Task<ImportRun> ImportAsync(string connectionString, string file)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "relations.dll"), "import", file })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var machineBefore = MachineBusyTicks();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var (peakKib, cpuTicks) = (0L, 0L);
        while (!process.HasExited)
        {
            // The last reading before the process ends: /proc forgets it once it has exited.
            try
            {
                peakKib = Math.Max(peakKib, ProcStatusKib(process.Id, "VmHWM:"));
                cpuTicks = ProcCpuTicks(process.Id);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                break;
            }

            await Task.Delay(50);
        }

        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        var machineTicks = MachineBusyTicks() - machineBefore;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"relations import failed ({process.ExitCode}): {await errors}{await output}");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {RelationsTrackerStore.Schema}.mt_events", connection);
        var imported = (long)(await count.ExecuteScalarAsync())!;
        // The summary's row (the progress bar's description also names rows/s, before it).
        var recordingRate = System.Text.RegularExpressions.Regex.Matches(await output, @"│ rows/s\s+│\s+([\d,]+)").LastOrDefault()
            ?? throw new InvalidOperationException($"relations import printed no rows/s: {await output}");

        return new ImportRun(
            imported,
            elapsed,
            double.Parse(recordingRate.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
            peakKib / 1024.0,
            cpuTicks / 100.0,
            machineTicks / 100.0);
    }

    /// <param name="MachineCpuSeconds">The whole machine's busy time while the import ran: the import's, PostgreSQL's and the rest's.</param>
    /// <param name="RowsPerSecond">The rate the command reports: rows read until the last is recorded, before it projects.</param>
    private sealed record ImportRun(
        long Imported, TimeSpan Elapsed, double RowsPerSecond, double PeakMib, double CpuSeconds, double MachineCpuSeconds);

    /// <summary>The machine's busy time so far (all cores: user, nice, system, interrupts, steal), in clock ticks.</summary>
    private static long MachineBusyTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7, 8 }.Sum(field => long.Parse(cpu[field], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The floor the storage sets, whatever the importer does: the time PostgreSQL takes, with one backend, to store
    /// the imported events and idempotency markers once more, by binary COPY of exactly the rows the import wrote
    /// (read back beforehand, untimed) into tables made like Marten's (same columns, defaults and indexes).
    /// </summary>
    private static async Task<TimeSpan> StorageAloneAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var schema = RelationsTrackerStore.Schema;
        var rows = Path.GetTempFileName();
        var clock = new Stopwatch();
        try
        {
            foreach (var table in new[] { "mt_events", "mt_doc_engagementsource" })
            {
                await using (var create = new NpgsqlCommand($"create table {schema}.again_{table} (like {schema}.{table} including all)", connection))
                {
                    await create.ExecuteNonQueryAsync();
                }

                await using (var file = File.Create(rows))
                await using (var read = await connection.BeginRawBinaryCopyAsync($"copy {schema}.{table} to stdout (format binary)"))
                {
                    await read.CopyToAsync(file);
                }

                clock.Start();
                await using (var file = File.OpenRead(rows))
                await using (var write = await connection.BeginRawBinaryCopyAsync($"copy {schema}.again_{table} from stdin (format binary)"))
                {
                    await file.CopyToAsync(write);
                }

                clock.Stop();
            }
        }
        finally
        {
            File.Delete(rows);
        }

        return clock.Elapsed;
    }

    private static long ProcStatusKib(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>User and system time of a process, in clock ticks (1/100 s on Linux).</summary>
    private static long ProcCpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The import's storage through Marten alone: the same events (the file read, mapped and validated beforehand,
    /// untimed), in chunks of the import's size, each written in the import's parts of different relationships at
    /// once, a session and a transaction each, by <c>session.Events.Append</c>, with no idempotency marker and no lock.
    /// </summary>
    private static async Task<(long Events, double PerSecond)> MartenAppendsAsync(
        LocalPostgresCluster cluster, string file, Action<StoreOptions, string> configure)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        using var store = DocumentStore.For(options => configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // The events the import appends to an empty store: the first of each sourceId (a visit's two rows share one).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        PreparedEngagement[] rows;
        await using (var stream = File.OpenRead(file))
        {
            rows = [.. ImportFormats.Read(stream).OfType<ImportedRow.Accepted>().Select(row => PreparedEngagement.Prepare(row.Engagement, today))];
        }

        var decision = EngagementRecording.DecideBatch(rows, new Dictionary<string, EngagementSource>());
        var appends = decision.Appends.ToDictionary(a => rows[a.Index], a => a.Decision, (IEqualityComparer<PreparedEngagement>)ReferenceEqualityComparer.Instance);

        var clock = Stopwatch.StartNew();
        foreach (var chunk in rows.Chunk(EngagementImport.ChunkSize))
        {
            await Task.WhenAll(ImportChunk.Partition(chunk, EngagementImport.Writers).Select(async part =>
            {
                await using var session = store.LightweightSession();
                foreach (var stream in part.Where(appends.ContainsKey).Select(row => appends[row]).GroupBy(a => a.RelationshipId, a => (object)a.Event))
                {
                    session.Events.Append(stream.Key, stream);
                }

                await session.SaveChangesAsync();
            }));
        }

        return (appends.Count, appends.Count / clock.Elapsed.TotalSeconds);
    }

    private static async Task<double> CopyAsync(LocalPostgresCluster cluster, string file)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
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
}
