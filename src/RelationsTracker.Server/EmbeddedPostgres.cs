using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Server;

/// <summary>
/// The server's database: the configured <c>ConnectionStrings:Postgres</c>, or else its own PostgreSQL cluster
/// under a persistent data directory (<c>LocalPostgres:DataDirectory</c>), started or reused, and stopped on exit. The
/// server connects to its own cluster as the role <c>relations</c>, which owns the database and is not a superuser,
/// with the password kept in the data directory.
/// </summary>
internal sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string DatabaseName = "relations";
    private readonly LocalPostgresCluster? _cluster;

    private EmbeddedPostgres(string connectionString, string administrationConnectionString, LocalPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        AdministrationConnectionString = administrationConnectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    /// <summary>A connection that may create roles: the embedded cluster's superuser (through its socket), else the configured one.</summary>
    public string AdministrationConnectionString { get; }

    public bool IsEmbedded => _cluster is not null;

    /// <summary>Where the embedded default keeps the admin key it made at its first start.</summary>
    public string? AdminKeyFile => _cluster is null ? null : Path.Combine(_cluster.DataDirectory, "admin.key");

    /// <param name="notes">Where to say which database is used: standard error for a command, whose output may be data.</param>
    public static async Task<EmbeddedPostgres> ResolveAsync(IConfiguration configuration, TextWriter notes)
    {
        var configured = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new EmbeddedPostgres(configured, configured, cluster: null);
        }

        var directory = configuration["LocalPostgres:DataDirectory"] ?? DefaultDataDirectory();
        await notes.WriteLineAsync($"No ConnectionStrings:Postgres configured: using the embedded PostgreSQL in {directory}");
        var cluster = await LocalPostgresCluster.StartOrReuseAsync(directory);
        var connectionString = await cluster.EnsureOwnedDatabaseAsync(DatabaseName);
        await notes.WriteLineAsync(
            $"Embedded PostgreSQL listening on 127.0.0.1:{cluster.Port} (database '{DatabaseName}', role '{DatabaseName}', " +
            $"password in {cluster.PasswordFile(DatabaseName)}; `relations connection-string` prints the connection string).");
        return new EmbeddedPostgres(connectionString, cluster.ConnectionString(DatabaseName), cluster);
    }

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string DefaultDataDirectory() =>
        Environment.UserName == "root"
            // root's home is closed to the 'postgres' user who must own the cluster.
            ? "/var/lib/relations-tracker/postgres"
            // DoNotVerify: on a fresh account ~/.local/share does not exist yet, and would be answered with "".
            : Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
                "relations-tracker",
                "postgres");
}
