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

    /// <summary>
    /// The superuser's connection: over TCP to a temporary cluster (which trusts its loopback logins); to the persistent
    /// one only through its Unix socket, in the data directory that only the cluster's owner (and root) may enter.
    /// </summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = _temporary ? "127.0.0.1" : DataDirectory,
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
    /// Every login over TCP needs its password (scram-sha-256), also in a cluster created before this rule.
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
        var hbaChanged = await RequirePasswordsOverTcpAsync(dataDirectory, cancellation);
        var running = await IsRunningAsync(binaries, dataDirectory, cancellation);
        if (!running)
        {
            await StartAsync(binaries, dataDirectory, cancellation);
        }
        else if (hbaChanged)
        {
            await binaries.RunAsync("pg_ctl", ["-D", dataDirectory, "reload"], cancellation);
        }

        var cluster = new LocalPostgresCluster(binaries, dataDirectory, port, temporary: false, startedHere: !running);
        await cluster.WaitUntilAcceptingAsync(cancellation);
        return cluster;
    }

    /// <summary>
    /// A database owned by a login role of the same name that is not a superuser (so it cannot, for one, run programs
    /// with <c>COPY ... TO PROGRAM</c>), created on first use, and the connection string over TCP as that role. Its
    /// password is generated then and kept in the data directory, readable only by the OS user who made it. Objects
    /// a superuser created in the database before are handed to the role.
    /// </summary>
    public async Task<string> EnsureOwnedDatabaseAsync(string name, CancellationToken cancellation = default)
    {
        if (!IsPlainIdentifier(name))
        {
            throw new ArgumentException($"'{name}' is not a plain PostgreSQL identifier.", nameof(name));
        }

        var password = await OwnerSecret.ReadOrCreateAsync(PasswordFile(name), cancellation);
        await using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            await connection.OpenAsync(cancellation);
            await ExecuteAsync(connection, $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN CREATE ROLE {name}; END IF; END $$", cancellation);
            await ExecuteAsync(connection, $"ALTER ROLE {name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{password}'", cancellation);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            var sql = await exists.ExecuteScalarAsync(cancellation) is null
                ? $"CREATE DATABASE {name} OWNER {name}"
                : $"ALTER DATABASE {name} OWNER TO {name}";
            await ExecuteAsync(connection, sql, cancellation);
        }

        await using (var inDatabase = new NpgsqlConnection(ConnectionString(name)))
        {
            await inDatabase.OpenAsync(cancellation);
            await ExecuteAsync(inDatabase, HandOverSql(name), cancellation);
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = name,
            Password = password,
            Database = name,
            Pooling = true,
        }.ConnectionString;
    }

    /// <summary>Where the password of a role made by <see cref="EnsureOwnedDatabaseAsync"/> is kept.</summary>
    public string PasswordFile(string role) => Path.Combine(DataDirectory, $"{role}.password");

    private static bool IsPlainIdentifier(string name) =>
        name.Length is > 0 and < 64 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>
    /// Gives the role the schemas, tables, sequences, views and functions of the database that another role (the
    /// superuser, before the database had an owner of its own) created, except PostgreSQL's own.
    /// </summary>
    private static string HandOverSql(string role) => $$"""
        DO $$
        DECLARE item record;
        BEGIN
          FOR item IN SELECT quote_ident(nspname) AS name FROM pg_namespace
              WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'public') AND nspowner <> '{{role}}'::regrole LOOP
            EXECUTE format('ALTER SCHEMA %s OWNER TO {{role}}', item.name);
          END LOOP;
          FOR item IN SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND c.relkind IN ('r', 'p', 'v', 'S')
                AND c.relowner <> '{{role}}'::regrole
                AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
            EXECUTE format('ALTER TABLE %s OWNER TO {{role}}', item.name);
          END LOOP;
          FOR item IN SELECT p.oid::regprocedure::text AS name, p.prokind AS kind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND p.proowner <> '{{role}}'::regrole LOOP
            EXECUTE format('ALTER %s %s OWNER TO {{role}}', CASE item.kind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, item.name);
          END LOOP;
        END $$
        """;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
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

    /// <summary>Stops whatever cluster runs in the directory, if one does (fast shutdown).</summary>
    public static Task StopAsync(string dataDirectory) =>
        TryStopAsync(PostgresBinaries.Find(), Path.GetFullPath(dataDirectory), immediate: false);

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

    /// <summary>
    /// Who may log in to a persistent cluster: through the Unix socket (in the data directory, which only the cluster's
    /// owner and root may enter) without a password; over TCP only with one. False when the rules were already these.
    /// </summary>
    private static async Task<bool> RequirePasswordsOverTcpAsync(string directory, CancellationToken cancellation)
    {
        const string rules = """
            # Written by RelationsTracker. The socket is in the data directory, which only the cluster's owner can enter;
            # every login over TCP needs its password.
            local all all trust
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128      scram-sha-256

            """;
        var file = Path.Combine(directory, "pg_hba.conf");
        if (await File.ReadAllTextAsync(file, cancellation) == rules)
        {
            return false;
        }

        // Rewritten in place, so that the file keeps its owner (the server user, when we are root).
        await File.WriteAllTextAsync(file, rules, cancellation);
        return true;
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
