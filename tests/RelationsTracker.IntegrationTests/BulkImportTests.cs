using System.Globalization;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Imports;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships.Projection;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The bulk import against the real database: what it stores reads back as Marten's own appends.</summary>
public sealed class BulkImportTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    private const string Day = "2021-05-04";

    private static readonly DateOnly Today = new(2026, 1, 1);

    private static readonly string[] Counterparts = ["China", "Russian Federation", "India"];

    private static readonly string[] LiveCounterparts = ["CHN", "RUS", "IND"];

    private readonly List<string> _files = [];

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync()
    {
        _files.ForEach(File.Delete);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_import_of_several_chunks_reads_back_as_marten_appends_and_a_second_import_adds_nothing()
    {
        var live = await RecordLiveAsync(app.Store, "live-before", "CHN");
        var file = IcewsFile(25_000);

        var first = await ImportAsync(app.Store, file);

        first.Imported.ShouldBe(25_000);
        first.Rejected.ShouldBe(0);
        await using (var session = app.Store.QuerySession())
        {
            var china = await session.Events.FetchStreamAsync("CHN-USA");
            china.Select(e => e.Version).ShouldBe(Enumerable.Range(1, china.Count).Select(v => (long)v));
            live.ShouldBe(1);
            china.ShouldAllBe(e => e.Data is IEngagementEvent && e.TenantId == "*DEFAULT*");
            china.Select(e => e.Sequence).ShouldBeInOrder();
            (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(25_001);
            (await session.Query<EngagementSource>().CountAsync()).ShouldBe(25_001);
        }

        (await ScalarAsync<long>(EventsWithoutTheirStream)).ShouldBe(0);
        var counts = await ProjectedRows.EngagementCountsAsync(app.Store);
        counts.Values.Sum().ShouldBe(25_001);
        var stored = await ProjectedRows.AllAsync(app.Store);
        (await StateRebuild.RunAsync(app.Host.Services, TimeSpan.FromMinutes(2), CancellationToken.None)).ShouldBeTrue();

        (await ProjectedRows.AllAsync(app.Store)).ShouldBe(stored);
        var after = await RecordLiveAsync(app.Store, "live-after", "CHN");
        after.ShouldBe(counts["CHN-USA"] + 1);

        var second = await ImportAsync(app.Store, file);

        second.Imported.ShouldBe(0);
        second.AlreadyRecorded.ShouldBe(25_000);
        await using (var session = app.Store.QuerySession())
        {
            (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(25_002);
        }
    }

    [Fact]
    public async Task A_row_whose_sourceId_is_recorded_meanwhile_with_other_content_rolls_back_its_chunk_and_is_rejected()
    {
        var file = IcewsFile(50);
        var contested = $"icews:{Day}:17";
        await app.Store.Storage.Database.EnsureStorageExistsAsync(typeof(EngagementSource));
        await using var other = new NpgsqlConnection(app.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "insert into relations.mt_doc_engagementsource (id, data) values (@id, @data::jsonb)", other, transaction))
        {
            insert.Parameters.AddWithValue("id", contested);
            insert.Parameters.AddWithValue("data", $$"""{"id": "{{contested}}", "relationshipId": "BRA-USA", "fingerprint": "other"}""");
            await insert.ExecuteNonQueryAsync();
        }

        var import = ImportAsync(app.Store, file);
        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<long>(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%engagementsource%'"),
            waiting => waiting == 1,
            "the import's insert of markers to wait for the uncommitted marker");
        await transaction.CommitAsync();
        var summary = await import;

        summary.Imported.ShouldBe(49);
        summary.Rejected.ShouldBe(1);
        summary.RejectionExamples.ShouldBe([$"{contested}: already recorded with different content"]);
        (await ScalarAsync<long>($"select count(*) from relations.mt_events where type <> '{Tombstone}'")).ShouldBe(49);
        (await ScalarAsync<long>("select count(*) from relations.mt_events where data -> 'engagement' ->> 'sourceId' = @p0", contested)).ShouldBe(0);
        (await ScalarAsync<long>($"select sum(version)::bigint from relations.mt_streams where id <> '{TombstoneStream}'")).ShouldBe(49);

        // The first attempt of the part of the chunk holding the contested row drew sequence numbers for its rows,
        // then left nothing of them but the placeholders Marten writes in their place when a transaction fails (in
        // the background, so they may land after the import answers).
        await Eventually.ReturnsAsync(
            async () => (
                Placeholders: await ScalarAsync<long>($"select count(*) from relations.mt_events where type = '{Tombstone}' and stream_id = '{TombstoneStream}'"),
                Drawn: await ScalarAsync<long>("select max(seq_id) from relations.mt_events")),
            events => events.Placeholders > 0 && events.Placeholders == events.Drawn - 49,
            "a placeholder for every sequence number the failed attempt drew");
    }

    [Fact]
    public async Task Event_ids_reused_in_opposite_order_by_relationships_written_at_once_are_imported_once_and_the_rest_rejected()
    {
        // Two relationships, so that the chunk's two writers take one each and insert the same markers at the same
        // time, in opposite orders: PostgreSQL finds them deadlocked and fails one.
        const string first = "China";
        const string second = "Russian Federation";
        const int Reused = 5_000;
        var file = Path.Combine(Path.GetTempPath(), $"icews-{Guid.NewGuid():N}.tab");
        _files.Add(file);
        File.WriteAllLines(
            file,
            Enumerable.Range(0, Reused).Select(i => Row(i, first))
                .Concat(Enumerable.Range(0, Reused).Reverse().Select(i => Row(i, second)))
                .Prepend("Event ID\tEvent Date\tSource Country\tCAMEO Code\tTarget Country"));

        var summary = await ImportAsync(app.Store, file);

        summary.Imported.ShouldBe(Reused);
        summary.Rejected.ShouldBe(Reused);
        (await ScalarAsync<long>("select count(distinct data -> 'engagement' ->> 'sourceId') from relations.mt_events")).ShouldBe(Reused);
        (await ScalarAsync<long>("select count(*) from relations.mt_streams")).ShouldBe(1);

        static string Row(int id, string counterpart) =>
            string.Join('\t', id.ToString(CultureInfo.InvariantCulture), Day, "United States", "040", counterpart);
    }

    [Fact]
    public async Task Rows_dated_out_of_bounds_are_counted_with_their_reason_and_not_stored_and_the_rest_is_imported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"icews-{Guid.NewGuid():N}.tab");
        _files.Add(file);
        File.WriteAllLines(file,
        [
            "Event ID\tEvent Date\tSource Country\tCAMEO Code\tTarget Country",
            string.Join('\t', "1", Day, "United States", "040", "China"),
            string.Join('\t', "2", "0001-01-01", "United States", "040", "China"),
            string.Join('\t', "3", "1799-12-31", "United States", "040", "China"),
        ]);

        var summary = await ImportAsync(app.Store, file);

        summary.Imported.ShouldBe(1);
        summary.Rejected.ShouldBe(2);
        summary.RejectionExamples.ShouldContain(e => e.Contains("'0001-01-01' is out of bounds", StringComparison.Ordinal));
        summary.RejectionExamples.ShouldContain(e => e.Contains("'1799-12-31' is out of bounds", StringComparison.Ordinal));
        await using var session = app.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task An_import_beside_live_submissions_to_the_same_relationships_loses_and_duplicates_nothing()
    {
        var file = IcewsFile(30_000);

        // Another process's store and turnstiles: only the advisory locks in PostgreSQL serialise the two.
        using var importing = DocumentStore.For(options => RelationsTrackerStore.Configure(options, app.ConnectionString));
        var import = ImportAsync(importing, file);
        var during = 0;
        var recorded = 0;
        while (!import.IsCompleted)
        {
            await RecordLiveAsync(app.Store, $"live-{recorded}", LiveCounterparts[recorded % LiveCounterparts.Length]);
            recorded++;
            during += import.IsCompleted ? 0 : 1;
        }

        var summary = await import;

        summary.Imported.ShouldBe(30_000);
        during.ShouldBeGreaterThan(0);
        await using var session = app.Store.QuerySession();
        var counts = await ProjectedRows.EngagementCountsAsync(app.Store);
        foreach (var relationship in new[] { "CHN-USA", "IND-USA", "RUS-USA" })
        {
            var events = await session.Events.FetchStreamAsync(relationship);
            events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, events.Count).Select(v => (long)v), relationship);
            counts[relationship].ShouldBe(events.Count);
        }

        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(30_000 + recorded);
        (await session.Query<EngagementSource>().CountAsync()).ShouldBe(30_000 + recorded);
        (await ScalarAsync<long>("select count(distinct data -> 'engagement' ->> 'sourceId') from relations.mt_events")).ShouldBe(30_000 + recorded);

        // The state the two writers projected as they went is the state the events give when projected again.
        var projected = await ProjectedRows.AllAsync(app.Store);
        (await StateRebuild.RunAsync(app.Host.Services, TimeSpan.FromMinutes(2), CancellationToken.None)).ShouldBeTrue();

        (await ProjectedRows.AllAsync(app.Store)).ShouldBe(projected);
    }

    [Fact]
    public async Task An_import_by_a_role_that_is_not_a_superuser_stores_every_row_with_its_stream_checked_and_the_tables_analyzed()
    {
        var connectionString = await TestPostgres.CreateDatabaseOfOwnRoleAsync();
        try
        {
            using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, connectionString));

            var summary = await ImportAsync(store, IcewsFile(12_000));

            summary.Imported.ShouldBe(12_000);
            await using var session = store.QuerySession();
            (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(12_000);
            (await session.Query<EngagementSource>().CountAsync()).ShouldBe(12_000);
            (await ScalarInAsync<long>(connectionString, EventsWithoutTheirStream)).ShouldBe(0);
            (await ScalarInAsync<bool>(connectionString, "select rolsuper from pg_roles where rolname = current_user")).ShouldBeFalse();

            // Analyzed by the import itself (autovacuum's analyses are counted apart), with the tables' loaded size.
            (await ScalarInAsync<long>(connectionString, Analyses("mt_events"))).ShouldBe(1);
            (await ScalarInAsync<long>(connectionString, Analyses("mt_streams"))).ShouldBe(1);
            (await ScalarInAsync<float>(connectionString, EstimatedRows("mt_events"))).ShouldBe(12_000);
            (await ScalarInAsync<float>(connectionString, EstimatedRows("mt_streams"))).ShouldBe(Counterparts.Length);

            // A few rows more do not make the statistics wrong: no analyze for them.
            (await ImportAsync(store, IcewsFile(100, firstId: 12_000))).Imported.ShouldBe(100);
            (await ScalarInAsync<long>(connectionString, Analyses("mt_events"))).ShouldBe(1);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static string Analyses(string table) =>
        $"select analyze_count from pg_stat_user_tables where relid = 'relations.{table}'::regclass";

    private static string EstimatedRows(string table) => $"select reltuples from pg_class where oid = 'relations.{table}'::regclass";

    /// <summary>The type and stream of the placeholder events Marten writes for the sequence numbers of a failed transaction.</summary>
    private const string Tombstone = "tombstone";

    private const string TombstoneStream = "mt_tombstone";

    private const string EventsWithoutTheirStream =
        "select count(*) from relations.mt_events e where not exists (select 1 from relations.mt_streams s where s.id = e.stream_id)";

    /// <summary>An ICEWS file of coded events (CAMEO 040) between the United States and a counterpart in turn.</summary>
    private string IcewsFile(int rows, int firstId = 0)
    {
        var file = Path.Combine(Path.GetTempPath(), $"icews-{Guid.NewGuid():N}.tab");
        _files.Add(file);
        File.WriteAllLines(
            file,
            Enumerable.Range(firstId, rows)
                .Select(i => string.Join('\t', i.ToString(CultureInfo.InvariantCulture), Day, "United States", "040", Counterparts[i % Counterparts.Length]))
                .Prepend("Event ID\tEvent Date\tSource Country\tCAMEO Code\tTarget Country"));
        return file;
    }

    private async Task<ImportSummary> ImportAsync(IDocumentStore store, string file)
    {
        await using var stream = File.OpenRead(file);
        return await EngagementImport.RunAsync(store, new RelationshipLocks(), stream, format: null, Today, progress: null, CancellationToken.None);
    }

    /// <summary>A live submission through the intake with the server's turnstiles; the version of the event it appended.</summary>
    private async Task<long> RecordLiveAsync(IDocumentStore store, string sourceId, string counterpart)
    {
        await using var session = store.LightweightSession();
        await EngagementIntake.RecordAsync(
            session,
            app.Host.Services.GetRequiredService<RelationshipLocks>(),
            [new RecordEngagement
            {
                SourceId = sourceId,
                Kind = "meeting",
                OccurredOn = Day,
                Initiator = new Participant { Country = "USA" },
                Counterpart = new Participant { Country = counterpart },
            }],
            Today,
            CancellationToken.None);
        return await ScalarAsync<long>("select version from relations.mt_events where data -> 'engagement' ->> 'sourceId' = @p0", sourceId);
    }

    private Task<T> ScalarAsync<T>(string sql, params object[] parameters) => ScalarInAsync<T>(app.ConnectionString, sql, parameters);

    private static async Task<T> ScalarInAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var index = 0; index < parameters.Length; index++)
        {
            command.Parameters.AddWithValue($"p{index}", parameters[index]);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
