using Marten;
using Npgsql;
using NpgsqlTypes;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>
/// Writes a part of an import's chunk in one transaction of its own, keeping what the intake keeps: the relationships'
/// locks (in-process turnstiles and the advisory locks every writer takes), idempotency by
/// <see cref="EngagementSource"/> markers, and the events appended as the intake appends them (<see cref="EngagementCopy"/>).
/// A failure leaves nothing of the part.
/// </summary>
public sealed class ImportChunkWriter
{
    private readonly IDocumentStore _store;
    private readonly RelationshipLocks _locks;
    private readonly EngagementCopy _copy;
    private readonly ISerializer _serializer;
    private readonly string _sourcesTable;

    private ImportChunkWriter(IDocumentStore store, RelationshipLocks locks, EngagementCopy copy)
    {
        _store = store;
        _locks = locks;
        _copy = copy;
        _serializer = store.Options.Serializer();
        _sourcesTable = EngagementCopy.TableOf<EngagementSource>(store);
    }

    /// <summary>A writer for the store, once the tables it copies into exist.</summary>
    public static async Task<ImportChunkWriter> OpenAsync(IDocumentStore store, RelationshipLocks locks, CancellationToken cancellation)
    {
        var copy = new EngagementCopy(store);
        await copy.EnsureStorageAsync(cancellation);
        return new ImportChunkWriter(store, locks, copy);
    }

    public async Task<ChunkPlan> WriteAsync(IReadOnlyList<PreparedEngagement> rows, CancellationToken cancellation)
    {
        var relationshipIds = ImportChunk.RelationshipIds(rows);
        await using var entered = await _locks.EnterAsync(relationshipIds, cancellation);
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var lockRelationships = new NpgsqlCommand(RelationshipLocks.AdvisoryLockSql("@keys"), connection, transaction))
        {
            lockRelationships.Parameters.AddWithValue("keys", relationshipIds);
            await lockRelationships.ExecuteNonQueryAsync(cancellation);
        }

        var plan = ImportChunk.Plan(rows, await LoadSourcesAsync(connection, PreparedEngagement.SourceIdsToRead(rows), cancellation));
        if (plan.Appends.Count > 0)
        {
            await _copy.AppendAsync(connection, plan.Appends, cancellation);
            await CopySourcesAsync(connection, plan.Appends, cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return plan;
    }

    /// <summary>The stored markers of the sourceIds that have one, by sourceId.</summary>
    private async Task<Dictionary<string, EngagementSource>> LoadSourcesAsync(NpgsqlConnection connection, string[] ids, CancellationToken cancellation)
    {
        var sources = new Dictionary<string, EngagementSource>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"select data from {_sourcesTable} where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var source = _serializer.FromJson<EngagementSource>(reader, 0);
            sources[source.Id] = source;
        }

        return sources;
    }

    /// <summary>Insert, not upsert: a marker written meanwhile by another relationship's writer fails the whole part.</summary>
    private async Task CopySourcesAsync(NpgsqlConnection connection, List<PlannedAppend> appends, CancellationToken cancellation)
    {
        var dotnetType = typeof(EngagementSource).FullName!;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {_sourcesTable} (id, data, mt_version, mt_dotnet_type) from stdin (format binary)", cancellation);
        foreach (var append in appends)
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(append.Decision.Source.Id, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(append.Prepared.SourceJson, NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(dotnetType, NpgsqlDbType.Varchar, cancellation);
        }

        await copy.CompleteAsync(cancellation);
    }
}
