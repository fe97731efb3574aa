using Marten;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The command line with no server running: an import projects the state itself before it exits, and a question
/// projects what was recorded and not yet projected before it answers, so that nothing waits for a server to start.
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

    [Fact]
    public async Task A_question_projects_what_was_recorded_before_it_answers()
    {
        // Recorded by a store that runs no daemon, as a server stopped before projecting it would leave it.
        using (var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString)))
        {
            await using var session = store.LightweightSession();
            await EngagementIntake.RecordAsync(
                session, new RelationshipLocks(), [Submit.Of("meeting", "no-server-1", "2024-03-01")], new DateOnly(2025, 1, 1), CancellationToken.None);
        }

        var (exitCode, output) = await RelationsCli.RunAsync(_connectionString, "status", "USA", "CHN", "--as-of", "2024-03-02");

        exitCode.ShouldBe(0, output);
        output.Split('\n').Single(line => line.Contains("│ military", StringComparison.Ordinal)).ShouldContain("open");
    }
}
