using System.Text.Json;
using Marten;
using Npgsql;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships.Projection;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// A refold reads the next days of each channel it moves along the channel's index, however many engagements the
/// channels hold. Once PostgreSQL's statistics count many engagements a channel, a plan that joins all channels at
/// once scans the whole table of engagements in force on every pass instead, and the delay from commit to state grows
/// with the data.
/// </summary>
public sealed class RefoldPlanTests : IAsyncLifetime
{
    private const int Relationships = 40;
    private const int EngagementsPerChannel = 1_000;

    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    /// <param name="generic">
    /// Whether to ask for the plan PostgreSQL makes once for every call of a prepared statement, as it may after a few
    /// calls of one the tracker's connections keep prepared, rather than the plan it makes for the call's own values.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refold_reads_each_channel_along_its_index_when_channels_hold_many_engagements(bool generic)
    {
        using (var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString)))
        {
            await using var session = store.QuerySession();
            await ProjectedTables.EnsureAsync(session, CancellationToken.None);
        }

        // The rows are made here rather than recorded: the plan depends only on how many a channel holds, and this
        // many would take the intake and the daemon several seconds.
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $$"""
            insert into {{ProjectedTables.EngagementTable}} (source_id, relationship_id, channel, kind, signal, known_from, known_precision,
              occurred_start, occurred_precision, occurred_end, related_channels, data)
            select 'r' || r || '-' || n, 'R' || r, 0, 0, 1 + n % 2, date '2010-01-01' + n, 0, date '2010-01-01' + n, 0, date '2010-01-01' + n, 0, '{}'
            from generate_series(1, {{Relationships}}) r, generate_series(1, {{EngagementsPerChannel}}) n;
            analyze {{ProjectedTables.EngagementTable}};
            analyze {{ProjectedTables.StepTable}};
            """);

        var plan = await PlanAsync(connection, generic);

        Assert.DoesNotContain(("Seq Scan", "engagement_in_force"), plan);
        Assert.Contains(plan, node => node.Relation == "engagement_in_force");
    }

    /// <summary>Every node of the plan of a pass over every channel, with the table it reads, if any.</summary>
    private static async Task<List<(string Type, string? Relation)>> PlanAsync(NpgsqlConnection connection, bool generic)
    {
        var parameter = 0;
        var sql = string.Concat(ChannelRefold.ChunkSql.Select(c => c == '?' ? $"${++parameter}" : c.ToString()));
        var relationships = Enumerable.Range(1, Relationships).Select(r => $"R{r}").ToArray();
        var days = Enumerable.Repeat(new DateOnly(2011, 1, 1), Relationships).ToArray();
        object[] values = [relationships, new int[Relationships], days, days, Enumerable.Repeat(8, Relationships).ToArray()];
        if (generic)
        {
            // An EXECUTE takes its values as SQL, not as the protocol's parameters.
            await ExecuteAsync(connection, "set plan_cache_mode = force_generic_plan");
            await ExecuteAsync(connection, $"prepare chunk as {sql}");
            string Literal(object value) => "'{" + string.Join(",", ((System.Collections.IEnumerable)value).Cast<object>().Select(v => v is DateOnly day ? $"{day:yyyy-MM-dd}" : $"{v}")) + "}'";
            sql = "execute chunk(" + string.Join(", ", values.Select(Literal)) + ")";
        }

        await using var explain = new NpgsqlCommand("explain (format json) " + sql, connection);
        if (!generic)
        {
            explain.Parameters.AddRange(values.Select(value => new NpgsqlParameter { Value = value }).ToArray());
        }

        using var document = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        var nodes = new List<(string, string?)>();
        void Walk(JsonElement node)
        {
            nodes.Add((node.GetProperty("Node Type").GetString()!, node.TryGetProperty("Relation Name", out var relation) ? relation.GetString() : null));
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }

        Walk(document.RootElement[0].GetProperty("Plan"));
        return nodes;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
