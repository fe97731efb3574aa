using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// Holds the advisory locks a server's projection coordinator (hot/cold) takes before it projects a part of the state,
/// as another server projecting those parts would, so that a process started meanwhile stands by for them: the locks
/// Marten computes from the schema, each part's shard and the store's base lock id.
/// </summary>
internal sealed class ProjectionLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private ProjectionLock(NpgsqlConnection connection) => _connection = connection;

    /// <param name="parts">The parts whose locks to hold: every part unless told.</param>
    public static async Task<ProjectionLock> HoldAsync(DocumentStore store, string connectionString, IEnumerable<StatePart>? parts = null)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var part in parts ?? StatePart.All)
        {
            var id = ProjectionLockIds.Compute(store.Options.Events.DatabaseSchemaName, part.Shard, store.Options.Projections.DaemonLockId);
            await using var take = new NpgsqlCommand("select pg_try_advisory_lock(@id)", connection);
            take.Parameters.AddWithValue("id", (long)id);
            if (!(bool)(await take.ExecuteScalarAsync())!)
            {
                await connection.DisposeAsync();
                throw new InvalidOperationException($"The lock {id} of the projection's part {part.Name} is held already.");
            }
        }

        return new ProjectionLock(connection);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
