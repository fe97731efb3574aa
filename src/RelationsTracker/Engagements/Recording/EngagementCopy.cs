using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;
using RelationsTracker.Relationships;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// Appends decided engagements to their relationships' streams with PostgreSQL binary COPY, straight into Marten's
/// tables, in the caller's transaction and under the relationships' locks, which the caller holds. It keeps what
/// Marten's own appends keep: contiguous stream versions, the store's event sequence and serialiser, and the inline
/// <see cref="RelationshipSummary"/> documents, evolved by their projection. Batches, queued messages and imports all
/// write this way: Marten's append calls a function per stream that inserts the events one by one, each then checked
/// against its stream, which took most of PostgreSQL's time when batches of engagements were recorded.
/// </summary>
public sealed class EngagementCopy
{
    private const string DefaultTenant = JasperFx.StorageConstants.DefaultTenantId;
    private const string Schema = RelationsTrackerStore.Schema;

    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly Dictionary<Type, IEventType> _eventTypes;
    private readonly string _summariesTable;

    // Both learnt on first use, from the database itself.
    private volatile bool _storageReady;
    private bool? _skipsStreamReferenceChecks;

    public EngagementCopy(IDocumentStore store)
    {
        _store = store;
        _serializer = store.Options.Serializer();
        _eventTypes = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventType);
        _summariesTable = TableOf<RelationshipSummary>(store);
    }

    /// <summary>The table Marten keeps documents of <typeparamref name="T"/> in.</summary>
    public static string TableOf<T>(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    /// <summary>Creates the tables the copy writes into if they are missing, as a Marten session would on first use.</summary>
    public async Task EnsureStorageAsync(CancellationToken cancellation)
    {
        if (_storageReady)
        {
            return;
        }

        foreach (var stored in new[] { typeof(IEvent), typeof(EngagementSource), typeof(RelationshipSummary) })
        {
            await _store.Storage.Database.EnsureStorageExistsAsync(stored, cancellation);
        }

        _storageReady = true;
    }

    /// <summary>
    /// Appends the events of <paramref name="appends"/>, in order, and upserts their streams and the relationships'
    /// summaries, on <paramref name="connection"/>, inside its open transaction. The idempotency markers are the
    /// caller's to write, in the same transaction.
    /// </summary>
    /// <remarks>
    /// Every event row's foreign key to <c>mt_streams</c> costs PostgreSQL a lookup and a row lock: about a third of
    /// the time it takes to store an event by COPY. The streams are upserted before their events are copied, in the
    /// same transaction and under the relationships' locks, so the key holds by construction; a role that may (a
    /// superuser) turns the check off for the COPY alone (<c>session_replication_role = replica</c>, as
    /// <c>pg_restore --disable-triggers</c> does). Any other role's appends are checked as usual.
    /// </remarks>
    public async Task AppendAsync(NpgsqlConnection connection, IReadOnlyList<PlannedAppend> appends, CancellationToken cancellation)
    {
        if (appends.Count == 0)
        {
            return;
        }

        await EnsureStorageAsync(cancellation);
        _skipsStreamReferenceChecks ??= await IsSuperuserAsync(connection, cancellation);
        var streams = appends.Select(a => a.Decision.RelationshipId).Distinct(StringComparer.Ordinal).ToArray();
        var (sequences, now, versions, stored) = await ReadStreamsAsync(connection, appends.Count, streams, cancellation);
        var events = Number(appends, versions, sequences, now, Wrap);
        var summaries = Summaries(events, stored);

        // The streams first: the events reference them.
        await SaveStreamsAsync(connection, summaries, cancellation);
        await CopyEventsAsync(connection, appends, events, cancellation);
        await SaveSummariesAsync(connection, summaries, cancellation);
    }

    /// <summary>
    /// The appended events as Marten numbers them: each stream's versions follow on from its current version without
    /// a gap, the global sequence numbers are taken in order, and all are recorded at <paramref name="recordedAt"/>.
    /// </summary>
    /// <param name="versions">The current version of each stream that has one.</param>
    /// <param name="sequences">As many numbers of the event sequence as there are appends, ascending.</param>
    /// <param name="wrap">Wraps an event as Marten does (its event type name and .NET type name).</param>
    public static IReadOnlyList<IEvent> Number(
        IReadOnlyList<PlannedAppend> appends,
        IReadOnlyDictionary<string, long> versions,
        IReadOnlyList<long> sequences,
        DateTimeOffset recordedAt,
        Func<object, IEvent> wrap)
    {
        if (sequences.Count != appends.Count)
        {
            throw new ArgumentException($"{appends.Count} events need as many sequence numbers, not {sequences.Count}.", nameof(sequences));
        }

        var next = new Dictionary<string, long>(versions, StringComparer.Ordinal);
        var events = new IEvent[appends.Count];
        for (var index = 0; index < appends.Count; index++)
        {
            var stream = appends[index].Decision.RelationshipId;
            var version = next.GetValueOrDefault(stream) + 1;
            next[stream] = version;
            var e = wrap(appends[index].Decision.Event);
            e.Id = Guid.CreateVersion7(recordedAt);
            e.StreamKey = stream;
            e.Version = version;
            e.Sequence = sequences[index];
            e.Timestamp = recordedAt;
            events[index] = e;
        }

        return events;
    }

    /// <summary>
    /// The summaries of the relationships the events are appended to, evolved by <see cref="RelationshipSummaryProjection"/>
    /// from their stored state, with the version of the last event folded in (which Marten stores beside the document).
    /// </summary>
    public static IReadOnlyList<(RelationshipSummary Summary, long Version)> Summaries(
        IReadOnlyList<IEvent> events, IReadOnlyDictionary<string, RelationshipSummary> stored)
    {
        var projection = new RelationshipSummaryProjection();
        var evolved = new Dictionary<string, (RelationshipSummary Summary, long Version)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var snapshot = evolved.TryGetValue(e.StreamKey!, out var current) ? current.Summary : stored.GetValueOrDefault(e.StreamKey!);
            evolved[e.StreamKey!] = (projection.Evolve(snapshot, e.StreamKey!, e), e.Version);
        }

        return [.. evolved.Values];
    }

    private IEvent Wrap(object data)
    {
        var type = _eventTypes[data.GetType()];
        var e = type.Wrap(data);
        e.EventTypeName = type.EventTypeName;
        e.DotNetTypeName = type.DotNetTypeName;
        e.TenantId = DefaultTenant;
        return e;
    }

    private static async Task<bool> IsSuperuserAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var superuser = new NpgsqlCommand("select current_setting('is_superuser') = 'on'", connection);
        return (bool)(await superuser.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// In one round trip: numbers from Marten's event sequence (as its own appends take them), the transaction's time,
    /// and the current version and summary of each stream that has them.
    /// </summary>
    private async Task<(List<long> Sequences, DateTimeOffset Now, Dictionary<string, long> Versions, Dictionary<string, RelationshipSummary> Summaries)> ReadStreamsAsync(
        NpgsqlConnection connection, int count, string[] streams, CancellationToken cancellation)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"select nextval('{Schema}.mt_events_sequence'), now() from generate_series(1, $1) order by 1")
                {
                    Parameters = { new NpgsqlParameter { Value = count } },
                },
                new NpgsqlBatchCommand($"select id, version from {Schema}.mt_streams where id = any($1)")
                {
                    Parameters = { new NpgsqlParameter { Value = streams } },
                },
                new NpgsqlBatchCommand($"select data from {_summariesTable} where id = any($1)")
                {
                    Parameters = { new NpgsqlParameter { Value = streams } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        var sequences = new List<long>(count);
        DateTimeOffset now = default;
        while (await reader.ReadAsync(cancellation))
        {
            sequences.Add(reader.GetInt64(0));
            now = reader.GetFieldValue<DateTimeOffset>(1);
        }

        await reader.NextResultAsync(cancellation);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellation))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellation);
        var summaries = new Dictionary<string, RelationshipSummary>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellation))
        {
            var summary = _serializer.FromJson<RelationshipSummary>(reader, 0);
            summaries[summary.Id] = summary;
        }

        return (sequences, now, versions, summaries);
    }

    /// <summary>Also turns the events' reference checks off for the COPY that follows, when the role may.</summary>
    private async Task SaveStreamsAsync(
        NpgsqlConnection connection, IReadOnlyList<(RelationshipSummary Summary, long Version)> streams, CancellationToken cancellation)
    {
        var skipChecks = _skipsStreamReferenceChecks == true ? "set local session_replication_role = replica;\n" : string.Empty;
        await using var command = new NpgsqlCommand(
            skipChecks +
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
        NpgsqlConnection connection, IReadOnlyList<PlannedAppend> appends, IReadOnlyList<IEvent> events, CancellationToken cancellation)
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
            await copy.WriteAsync(appends[index].Prepared.EventJson, NpgsqlDbType.Jsonb, cancellation);
            await copy.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, cancellation);
            await copy.WriteAsync(e.TenantId!, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellation);
        }

        await copy.CompleteAsync(cancellation);
    }

    /// <summary>Also turns the reference checks back on, for whatever the transaction writes next.</summary>
    private async Task SaveSummariesAsync(
        NpgsqlConnection connection, IReadOnlyList<(RelationshipSummary Summary, long Version)> summaries, CancellationToken cancellation)
    {
        var restoreChecks = _skipsStreamReferenceChecks == true ? "set local session_replication_role = origin;\n" : string.Empty;
        await using var command = new NpgsqlCommand(
            restoreChecks +
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
