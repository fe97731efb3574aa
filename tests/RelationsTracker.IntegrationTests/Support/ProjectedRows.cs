using Marten;
using Shouldly;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>What the relationship state projection holds, read from its tables once it includes every event committed.</summary>
public static class ProjectedRows
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Queues the emptying of <paramref name="tables"/>, row by row rather than truncated: a truncate locks each table
    /// whole, in its own order, and deadlocks with a background reader (the daemon, the announcer of time changes)
    /// that reads two of them in the other order.
    /// </summary>
    public static void QueueEmptying(IDocumentSession session, IEnumerable<string> tables)
    {
        foreach (var table in tables)
        {
            session.QueueSqlCommand($"delete from {table}");
        }
    }

    /// <summary>How many engagements each relationship has in force.</summary>
    public static async Task<Dictionary<string, int>> EngagementCountsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        await CaughtUpAsync(session);
        var counts = await session.QueryAsync<Count>(
            $"select json_build_object('relationshipId', relationship_id, 'engagements', engagements) from {ProjectedTables.RelationshipTable}");
        return counts.ToDictionary(c => c.RelationshipId, c => c.Engagements);
    }

    /// <summary>
    /// Every row of the projected tables, in a fixed order, as JSON. Steps are in their order without their positions,
    /// which depend on how the steps were written: appended at the end, or refolded between kept ones.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AllAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        await CaughtUpAsync(session);
        return await ReadAsync(session);
    }

    /// <summary>The rows <see cref="AllAsync"/> reads, as they are now.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(IQuerySession session)
    {
        var rows = new List<string>();
        foreach (var (table, key) in new[]
                 {
                     (ProjectedTables.EngagementTable, "source_id"),
                     (ProjectedTables.StepTable, "relationship_id, channel, idx"),
                     (ProjectedTables.RelationshipTable, "relationship_id"),
                 })
        {
            rows.AddRange(await session.QueryAsync<string>($"select (to_jsonb(t) - 'idx')::text from {table} t order by {key}"));
        }

        return rows;
    }

    /// <summary>
    /// Waits until the state includes every event committed; fails when it does not in time. A bulk write of tens of
    /// thousands of engagements takes the daemon many seconds on a busy machine (the test classes run at once).
    /// </summary>
    public static async Task CaughtUpAsync(IQuerySession session) =>
        (await StateFreshness.WaitAsync(session, CatchUpTimeout, CancellationToken.None)).ShouldBe(0, "events the state still lacks");

    private sealed record Count(string RelationshipId, int Engagements);
}
