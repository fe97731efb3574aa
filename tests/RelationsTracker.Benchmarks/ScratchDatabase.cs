using Npgsql;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// A database of its own for a benchmark, or for one variant of it, dropped when done: left in the cluster, what ran
/// before would keep PostgreSQL's autovacuum and checkpoints busy on the same two cores while the next is timed.
/// </summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly LocalPostgresCluster _cluster;
    private readonly string _name;

    private ScratchDatabase(LocalPostgresCluster cluster, string name)
    {
        _cluster = cluster;
        _name = name;
    }

    public string ConnectionString => _cluster.ConnectionString(_name);

    public static async Task<ScratchDatabase> CreateAsync(LocalPostgresCluster cluster)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await cluster.CreateDatabaseAsync(name);
        return new ScratchDatabase(cluster, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
