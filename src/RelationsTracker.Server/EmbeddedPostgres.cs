using Npgsql;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Server;

/// <summary>
/// The server's database: the configured <c>ConnectionStrings:Postgres</c>, or else its own PostgreSQL cluster
/// under a persistent data directory (<c>LocalPostgres:DataDirectory</c>), started or reused, and stopped on exit.
/// </summary>
internal sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string DatabaseName = "relations";
    private readonly LocalPostgresCluster? _cluster;

    private EmbeddedPostgres(string connectionString, LocalPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public bool IsEmbedded => _cluster is not null;

    public static async Task<EmbeddedPostgres> ResolveAsync(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new EmbeddedPostgres(configured, cluster: null);
        }

        var directory = configuration["LocalPostgres:DataDirectory"] ?? DefaultDataDirectory();
        await Console.Out.WriteLineAsync($"No ConnectionStrings:Postgres configured: using the embedded PostgreSQL in {directory}");
        var cluster = await LocalPostgresCluster.StartOrReuseAsync(directory);
        await CreateDatabaseIfMissingAsync(cluster);
        await Console.Out.WriteLineAsync($"Embedded PostgreSQL listening on 127.0.0.1:{cluster.Port} (database '{DatabaseName}').");
        return new EmbeddedPostgres(cluster.ConnectionString(DatabaseName), cluster);
    }

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string DefaultDataDirectory() =>
        Environment.UserName == "root"
            // root's home is closed to the 'postgres' user who must own the cluster.
            ? "/var/lib/relations-tracker/postgres"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "relations-tracker", "postgres");

    private static async Task CreateDatabaseIfMissingAsync(LocalPostgresCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await cluster.CreateDatabaseAsync(DatabaseName);
        }
    }
}
