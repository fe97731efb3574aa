using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;

namespace RelationsTracker.Imports;

/// <summary>
/// Writes a chunk of an import in one transaction with PostgreSQL binary COPY, straight into Marten's tables, keeping
/// what the intake keeps: the relationships' locks (in-process turnstiles and the advisory locks every writer takes),
/// idempotency by <see cref="EngagementSource"/> markers, contiguous stream versions, the store's event sequence and
/// serialiser, and the inline <see cref="RelationshipSummary"/> documents. A failure leaves nothing of the chunk.
/// </summary>
public sealed class ImportChunkWriter
{
    private const string DefaultTenant = JasperFx.StorageConstants.DefaultTenantId;
    private const string Schema = RelationsTrackerStore.Schema;

    private readonly IDocumentStore _store;
    private readonly RelationshipLocks _locks;
    private readonly ISerializer _serializer;
    private readonly Dictionary<Type, IEventType> _eventTypes;
    private readonly string _sourcesTable;
    private readonly string _summariesTable;

    private readonly bool _skipsStreamReferenceChecks;

    private ImportChunkWriter(IDocumentStore store, RelationshipLocks locks, bool skipsStreamReferenceChecks)
    {
        _store = store;
        _locks = locks;
        _skipsStreamReferenceChecks = skipsStreamReferenceChecks;
        _serializer = store.Options.Serializer();
        _eventTypes = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventType);
        _sourcesTable = TableOf<EngagementSource>(store);
        _summariesTable = TableOf<RelationshipSummary>(store);
    }

    /// <summary>
    /// A writer for the store, once the tables it copies into exist (created if missing, as a Marten session would on
    /// first use).
    /// </summary>
    /// <remarks>
    /// Every event row's foreign key to <c>mt_streams</c> costs PostgreSQL a lookup and a row lock: about a third of
    /// the time it takes to store an event by COPY. The writer upserts each stream before copying its events, in the
    /// same transaction and under the relationship's locks, so the key holds by construction; a role that may (a
    /// superuser) turns the check off for the writer's own transactions (<c>session_replication_role = replica</c>,
    /// as <c>pg_restore --disable-triggers</c> does). Any other role's imports are checked as usual.
    /// </remarks>
    public static async Task<ImportChunkWriter> OpenAsync(IDocumentStore store, RelationshipLocks locks, CancellationToken cancellation)
    {
        foreach (var stored in new[] { typeof(IEvent), typeof(EngagementSource), typeof(RelationshipSummary) })
        {
            await store.Storage.Database.EnsureStorageExistsAsync(stored, cancellation);
        }

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var superuser = new NpgsqlCommand("select current_setting('is_superuser') = 'on'", connection);
        return new ImportChunkWriter(store, locks, skipsStreamReferenceChecks: (bool)(await superuser.ExecuteScalarAsync(cancellation))!);
    }

    public async Task<ChunkPlan> WriteAsync(IReadOnlyList<PreparedRow> rows, CancellationToken cancellation)
    {
        var relationshipIds = ImportChunk.RelationshipIds(rows);
        await using var entered = await _locks.EnterAsync(relationshipIds, cancellation);
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var skipChecks = _skipsStreamReferenceChecks ? "set local session_replication_role = replica;\n" : string.Empty;
        await using (var lockRelationships = new NpgsqlCommand(skipChecks + RelationshipLocks.AdvisoryLockSql("@keys"), connection, transaction))
        {
            lockRelationships.Parameters.AddWithValue("keys", relationshipIds);
            await lockRelationships.ExecuteNonQueryAsync(cancellation);
        }

        var plan = ImportChunk.Plan(rows, await LoadAsync<EngagementSource>(connection, _sourcesTable, ImportChunk.SourceIds(rows), s => s.Id, cancellation));
        if (plan.Appends.Count > 0)
        {
            var streams = plan.Appends.Select(a => a.Decision.RelationshipId).Distinct().ToArray();
            var (sequences, now) = await NextSequencesAsync(connection, plan.Appends.Count, cancellation);
            var events = ImportChunk.Number(plan.Appends, await LoadVersionsAsync(connection, streams, cancellation), sequences, now, Wrap);
            var summaries = ImportChunk.Summaries(events, await LoadAsync<RelationshipSummary>(connection, _summariesTable, streams, s => s.Id, cancellation));

            // The streams first: the events reference them.
            await SaveStreamsAsync(connection, summaries, cancellation);
            await CopyEventsAsync(connection, plan.Appends, events, cancellation);
            await CopySourcesAsync(connection, plan.Appends, cancellation);
            await SaveSummariesAsync(connection, summaries, cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return plan;
    }

    /// <summary>The table Marten keeps documents of <typeparamref name="T"/> in.</summary>
    private static string TableOf<T>(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    private IEvent Wrap(object data)
    {
        var type = _eventTypes[data.GetType()];
        var e = type.Wrap(data);
        e.EventTypeName = type.EventTypeName;
        e.DotNetTypeName = type.DotNetTypeName;
        e.TenantId = DefaultTenant;
        return e;
    }

    /// <summary>The stored documents of the ids that have one, by id.</summary>
    private async Task<Dictionary<string, T>> LoadAsync<T>(NpgsqlConnection connection, string table, string[] ids, Func<T, string> idOf, CancellationToken cancellation)
    {
        var documents = new Dictionary<string, T>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"select data from {table} where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var document = _serializer.FromJson<T>(reader, 0);
            documents[idOf(document)] = document;
        }

        return documents;
    }

    private static async Task<Dictionary<string, long>> LoadVersionsAsync(NpgsqlConnection connection, string[] streams, CancellationToken cancellation)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"select id, version from {Schema}.mt_streams where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", streams);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    /// <summary>Numbers from Marten's event sequence (as its own appends take them), and the transaction's time.</summary>
    private static async Task<(List<long> Sequences, DateTimeOffset Now)> NextSequencesAsync(NpgsqlConnection connection, int count, CancellationToken cancellation)
    {
        var sequences = new List<long>(count);
        DateTimeOffset now = default;
        await using var command = new NpgsqlCommand(
            $"select nextval('{Schema}.mt_events_sequence'), now() from generate_series(1, @count) order by 1", connection);
        command.Parameters.AddWithValue("count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            sequences.Add(reader.GetInt64(0));
            now = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return (sequences, now);
    }

    private static async Task SaveStreamsAsync(
        NpgsqlConnection connection, IReadOnlyList<(RelationshipSummary Summary, long Version)> streams, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
            insert into {Schema}.mt_streams (id, type, version, timestamp, tenant_id)
            select s.id, null, s.version, now(), @tenant from unnest(@ids, @versions) as s(id, version)
            on conflict (id) do update set version = excluded.version, timestamp = excluded.timestamp
            """,
            connection);
        command.Parameters.AddWithValue("ids", streams.Select(s => s.Summary.Id).ToArray());
        command.Parameters.AddWithValue("versions", streams.Select(s => s.Version).ToArray());
        command.Parameters.AddWithValue("tenant", DefaultTenant);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task CopyEventsAsync(
        NpgsqlConnection connection, List<PlannedAppend> appends, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) from stdin (format binary)",
            cancellation);
        for (var index = 0; index < events.Count; index++)
        {
            var e = events[index];
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, cancellation);
            await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(e.StreamKey!, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(e.Version, NpgsqlDbType.Bigint, cancellation);
            await copy.WriteAsync(appends[index].Row.EventJson, NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, cancellation);
            await copy.WriteAsync(e.TenantId!, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellation);
        }

        await copy.CompleteAsync(cancellation);
    }

    /// <summary>Insert, not upsert: a marker written meanwhile by another relationship's writer fails the whole chunk.</summary>
    private async Task CopySourcesAsync(NpgsqlConnection connection, List<PlannedAppend> appends, CancellationToken cancellation)
    {
        var dotnetType = typeof(EngagementSource).FullName!;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {_sourcesTable} (id, data, mt_version, mt_dotnet_type) from stdin (format binary)", cancellation);
        foreach (var append in appends)
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(append.Decision.Source.Id, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(append.Row.SourceJson, NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(dotnetType, NpgsqlDbType.Varchar, cancellation);
        }

        await copy.CompleteAsync(cancellation);
    }

    private async Task SaveSummariesAsync(
        NpgsqlConnection connection, IReadOnlyList<(RelationshipSummary Summary, long Version)> summaries, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"""
            insert into {_summariesTable} (id, data, mt_dotnet_type, mt_version)
            select s.id, s.data, @type, s.version from unnest(@ids, @data, @versions) as s(id, data, version)
            on conflict (id) do update set data = excluded.data, mt_last_modified = transaction_timestamp(), mt_version = excluded.mt_version
            """,
            connection);
        command.Parameters.AddWithValue("ids", summaries.Select(s => s.Summary.Id).ToArray());
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            Value = summaries.Select(s => _serializer.SerializeToUtf8(s.Summary)).ToArray(),
        });
        command.Parameters.AddWithValue("versions", summaries.Select(s => s.Version).ToArray());
        command.Parameters.AddWithValue("type", typeof(RelationshipSummary).FullName!);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
