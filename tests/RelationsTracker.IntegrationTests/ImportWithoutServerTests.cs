using Marten;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// relations import with no server running: the command projects the state itself before it exits, so that what it
/// imported can be asked about at once, with no server to start.
/// </summary>
public sealed class ImportWithoutServerTests : IAsyncLifetime
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gdelt1-sample.tsv");
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task The_import_leaves_the_state_including_every_engagement_it_recorded()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(_connectionString, "import", Sample, "--format", "gdelt");

        exitCode.ShouldBe(0, output);
        // Read with a store that runs no daemon: only what the import projected is there.
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString));
        (await ProjectedRows.EngagementCountsAsync(store)).Values.Sum().ShouldBe(124);
    }
}
