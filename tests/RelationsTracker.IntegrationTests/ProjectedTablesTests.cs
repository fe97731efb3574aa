using Marten;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships.Projection;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The state's tables are made on first use by whichever part of a process gets there first (the daemon, the relay,
/// a read), in every process sharing the database: several of them doing it at once on a new database all succeed.
/// </summary>
public sealed class ProjectedTablesTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Processes_making_sure_of_the_tables_at_once_on_a_new_database_all_succeed()
    {
        var stores = Enumerable.Range(0, 6)
            .Select(_ => DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString)))
            .ToList();
        try
        {
            await Task.WhenAll(stores.Select(async store =>
            {
                await using var session = store.QuerySession();
                await ProjectedTables.EnsureAsync(session, CancellationToken.None);
            }));
        }
        finally
        {
            stores.ForEach(store => store.Dispose());
        }
    }
}
