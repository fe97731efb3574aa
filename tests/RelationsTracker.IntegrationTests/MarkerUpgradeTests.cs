using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// Releases before this one stored each engagement's marker (its sourceId and fingerprint) with Marten's informational
/// columns: version, type and last modified. This release stores markers without them, and a database an earlier
/// release recorded into keeps its markers: a repeat is still a duplicate, other content under a recorded sourceId
/// still a conflict, and new engagements record beside them.
/// </summary>
public sealed class MarkerUpgradeTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2023, 8, 1);
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Markers_an_earlier_release_stored_still_tell_repeats_and_conflicts_after_the_upgrade()
    {
        var story = SeedScenario.Engagements().Where(e => e.Retracts is null).Take(4).ToArray();
        using (var earlier = DocumentStore.For(options =>
        {
            RelationsTrackerStore.Configure(options, _connectionString);
            options.Schema.For<EngagementSource>().Metadata(m =>
            {
                m.Version.Enabled = true;
                m.DotNetType.Enabled = true;
                m.LastModified.Enabled = true;
            });
        }))
        {
            await RecordAsync(earlier, story[..3]);
        }

        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var outcomes = await RecordAsync(store, [story[0], story[3]]);
        outcomes.Select(o => (o.SourceId, o.Duplicate)).ShouldBe([(story[0].SourceId!, true), (story[3].SourceId!, false)]);

        var conflict = story[1] with { Summary = "Other content under a recorded sourceId." };
        await Should.ThrowAsync<EngagementConflictException>(() => RecordAsync(store, [conflict]));

        await using var query = store.QuerySession();
        (await query.Events.QueryAllRawEvents().CountAsync()).ShouldBe(4);
    }

    private static async Task<IReadOnlyList<EngagementRecorded>> RecordAsync(IDocumentStore store, RecordEngagement[] engagements)
    {
        await using var session = store.LightweightSession();
        return await EngagementIntake.RecordAsync(session, new RelationshipLocks(), engagements, Today, CancellationToken.None);
    }
}
