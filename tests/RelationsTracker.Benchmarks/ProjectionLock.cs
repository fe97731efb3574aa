using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// Holds the advisory lock a server's projection coordinator (hot/cold) takes before it projects, so that a server
/// started meanwhile stands by and projects nothing: the lock Marten computes from the schema, the shard and the
/// store's base lock id.
/// </summary>
internal sealed class ProjectionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private ProjectionLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<ProjectionLock> HoldAsync(DocumentStore store, string connectionString)
    {
        var id = ProjectionLockIds.Compute(
            store.Options.Events.DatabaseSchemaName, RelationshipStateProjection.Shard, store.Options.Projections.DaemonLockId);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var take = new NpgsqlCommand("select pg_try_advisory_lock(@id)", connection);
        take.Parameters.AddWithValue("id", (long)id);
        return (bool)(await take.ExecuteScalarAsync())!
            ? new ProjectionLock(connection)
            : throw new InvalidOperationException($"The projection's lock {id} is held already.");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
