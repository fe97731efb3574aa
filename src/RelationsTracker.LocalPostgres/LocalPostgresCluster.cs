using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RelationsTracker.LocalPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the server binaries installed on this machine
/// (initdb, pg_ctl): throwaway for a test run, or persistent for the server's embedded default.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private const string TemporaryPrefix = "relations-pg-";
    private readonly PostgresBinaries _binaries;
    private readonly bool _temporary;
    private readonly bool _startedHere;

    private LocalPostgresCluster(PostgresBinaries binaries, string dataDirectory, int port, bool temporary, bool startedHere)
    {
        _binaries = binaries;
        DataDirectory = dataDirectory;
        Port = port;
        _temporary = temporary;
        _startedHere = startedHere;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>False when the cluster was already running (started by another process) and is only reused.</summary>
    public bool StartedHere => _startedHere;

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Pooling = true,
    }.ConnectionString;

    /// <summary>
    /// Creates a cluster in a new temporary directory and removes it on dispose: tuned for tests (no fsync) unless
    /// <paramref name="durable"/>, as a benchmark wants it, to measure what a real installation would do.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartTemporaryAsync(bool durable = false, CancellationToken cancellation = default)
    {
        var binaries = PostgresBinaries.Find();
        RemoveAbandonedTemporaryClusters();
        var directory = Path.Combine(Path.GetTempPath(), TemporaryPrefix + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var port = FreeLoopbackPort();
            await InitialiseAsync(binaries, directory, port, durable, cancellation);
            await StartAsync(binaries, directory, cancellation);
            var cluster = new LocalPostgresCluster(binaries, directory, port, temporary: true, startedHere: true);
            await cluster.WaitUntilAcceptingAsync(cancellation);
            return cluster;
        }
        catch
        {
            await TryStopAsync(binaries, directory);
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>
    /// Starts the persistent cluster in <paramref name="dataDirectory"/>, creating it on first use,
    /// or reuses it when it is already running. Dispose stops it only when this call started it.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartOrReuseAsync(string dataDirectory, CancellationToken cancellation = default)
    {
        var binaries = PostgresBinaries.Find();
        dataDirectory = Path.GetFullPath(dataDirectory);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(binaries, dataDirectory, FreeLoopbackPort(), durable: true, cancellation);
        }

        var port = ReadConfiguredPort(dataDirectory);
        var running = await IsRunningAsync(binaries, dataDirectory, cancellation);
        if (!running)
        {
            await StartAsync(binaries, dataDirectory, cancellation);
        }

        var cluster = new LocalPostgresCluster(binaries, dataDirectory, port, temporary: false, startedHere: !running);
        await cluster.WaitUntilAcceptingAsync(cancellation);
        return cluster;
    }

    public async Task CreateDatabaseAsync(string name, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_startedHere)
        {
            // A throwaway cluster needs no shutdown checkpoint; the process may be exiting with little time left.
            await TryStopAsync(_binaries, DataDirectory, immediate: _temporary);
        }

        if (_temporary)
        {
            TryDelete(DataDirectory);
        }
    }

    /// <summary>
    /// Stops and removes a temporary cluster from a detached process (its own session), which finishes even when this
    /// process is torn down before its exit handlers complete, as a test host is at the end of a run.
    /// </summary>
    public void StopAndRemoveDetached()
    {
        if (!_temporary || !_startedHere)
        {
            throw new InvalidOperationException("Only a temporary cluster started here is stopped and removed this way.");
        }

        var stop = string.Join(' ', _binaries.CommandLine("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).Select(Quoted));
        var script = $"{stop} >/dev/null 2>&1; rm -rf {Quoted(DataDirectory)}";
        using var cleanup = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false });
    }

    private static string Quoted(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task InitialiseAsync(PostgresBinaries binaries, string directory, int port, bool durable, CancellationToken cancellation)
    {
        Directory.CreateDirectory(directory);
        binaries.GiveToServerUser(directory);

        var initdb = new List<string> { "-D", directory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C" };
        if (!durable)
        {
            initdb.Add("--no-sync");
        }

        await binaries.RunAsync("initdb", initdb, cancellation);

        // Loopback only, sockets inside the data directory (the system socket directory may not be writable).
        var settings = new List<string>
        {
            $"port = {port}",
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{directory}'",
            "max_connections = 200",
        };
        if (!durable)
        {
            // A throwaway test cluster trades crash safety for speed.
            settings.AddRange(["fsync = off", "synchronous_commit = off", "full_page_writes = off"]);
        }

        await File.AppendAllLinesAsync(Path.Combine(directory, "postgresql.conf"), settings, cancellation);
    }

    private static Task StartAsync(PostgresBinaries binaries, string directory, CancellationToken cancellation) =>
        binaries.RunAsync("pg_ctl", ["-D", directory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], cancellation);

    private static async Task<bool> IsRunningAsync(PostgresBinaries binaries, string directory, CancellationToken cancellation)
    {
        var (exitCode, _) = await binaries.TryRunAsync("pg_ctl", ["-D", directory, "status"], cancellation);
        return exitCode == 0;
    }

    private static async Task TryStopAsync(PostgresBinaries binaries, string directory, bool immediate = true)
    {
        if (Directory.Exists(directory))
        {
            await binaries.TryRunAsync(
                "pg_ctl", ["-D", directory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
        }
    }

    /// <summary>Removes temporary clusters left by a test run that was killed: no server runs in them any more.</summary>
    private static void RemoveAbandonedTemporaryClusters()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), TemporaryPrefix + "*"))
        {
            if (!File.Exists(Path.Combine(directory, "postmaster.pid")))
            {
                TryDelete(directory);
            }
        }
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString());
                await connection.OpenAsync(cancellation);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, cancellation);
            }
        }
    }

    private static int ReadConfiguredPort(string directory)
    {
        var port = File.ReadLines(Path.Combine(directory, "postgresql.conf"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("port", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
            .Select(line => int.Parse(line.Split('=')[1].Split('#')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .LastOrDefault();
        return port == 0 ? 5432 : port;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a directory we cannot remove must not hide the original failure.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
