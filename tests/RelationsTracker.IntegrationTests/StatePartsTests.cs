using Marten;
using Marten.Events;
using Microsoft.Extensions.Time.Testing;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The state is projected in parts, each holding some of the relationships. A database whose state a release with
/// another division of the relationships projected (one part, as releases before parts did) is taken over by this
/// release's parts: each starts without the rows it finds of its relationships and projects them again from the first
/// event, and the state comes out as it was, with no change announced twice.
/// </summary>
public sealed class StatePartsTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2023, 8, 1);
    private static readonly (string A, string B)[] Pairs = [("USA", "CHN"), ("USA", "JPN"), ("CHN", "RUS"), ("FRA", "DEU"), ("IND", "PAK")];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task A_state_projected_in_one_part_is_taken_over_by_the_parts_as_it_was_and_nothing_is_announced_twice()
    {
        Pairs.Select(p => StatePart.All.Single(part => part.Holds(RelationshipKey.For(p.A, p.B)))).Distinct().Count()
            .ShouldBe(StatePart.All.Count, "every part holds some of the relationships");

        IReadOnlyList<string> earlierRows;
        long earlierChanges;
        using (var earlier = Store(StatePart.Divided(1)))
        {
            using var daemon = await earlier.BuildProjectionDaemonAsync();
            await daemon.StartAllAsync();

            // Projected in two pages, where the parts will project it in one: the change to the military channel the
            // first page announced, the parts find again with the second page's last engagement, not as news.
            var story = Story().ToLookup(e => e.Initiator!.Sector == "defense" || e.Channel == "military");
            foreach (var write in new[] { story[true], story[false] })
            {
                await using var session = earlier.LightweightSession();
                await EngagementIntake.RecordAsync(session, new RelationshipLocks(), [.. write], Today, CancellationToken.None);
                await earlier.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
            }

            await daemon.StopAllAsync();
            await using var query = earlier.QuerySession();
            earlierRows = await ProjectedRows.ReadAsync(query);
            earlierChanges = await ChangesAsync(query);
        }

        // Rows an earlier release kept of relationships no event speaks of: each part starts without those it holds.
        string[] strays = [.. new[] { ("BRA", "ARG"), ("ESP", "ITA"), ("KEN", "NGA"), ("NOR", "SWE") }.Select(p => RelationshipKey.For(p.Item1, p.Item2))];
        strays.Select(key => StatePart.All.Single(part => part.Holds(key))).Distinct().Count().ShouldBe(StatePart.All.Count);
        using (var earlier = Store(StatePart.Divided(1)))
        {
            await using var session = earlier.LightweightSession();
            session.QueueSqlCommand(
                $"insert into {ProjectedTables.RelationshipTable} (relationship_id, country_a, country_b, first_known, engagements) " +
                "select k, split_part(k, '-', 1), split_part(k, '-', 2), date '2020-01-01', 1 from unnest(?::varchar[]) k",
                [strays]);
            await session.SaveChangesAsync();
        }

        earlierChanges.ShouldBeGreaterThan(0, "the story changes some channels");

        using var store = Store(StatePart.All);
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            (await ProjectedRows.AllAsync(store)).ShouldBe(earlierRows);
            await daemon.StopAllAsync();
        }

        await using var after = store.QuerySession();
        (await ChangesAsync(after)).ShouldBe(earlierChanges);
    }

    private DocumentStore Store(IReadOnlyList<StatePart> parts) =>
        DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString, null, _clock, parts));

    /// <summary>The seed story, told again of each pair of countries.</summary>
    private static RecordEngagement[] Story() =>
    [
        .. Pairs.SelectMany(pair => SeedScenario.Engagements().Select(e => e with
        {
            SourceId = $"{e.SourceId}-{pair.A}-{pair.B}",
            Retracts = e.Retracts is null ? null : $"{e.Retracts}-{pair.A}-{pair.B}",
            Initiator = e.Initiator! with { Country = e.Initiator.Country == "USA" ? pair.A : pair.B },
            Counterpart = e.Counterpart! with { Country = e.Counterpart.Country == "USA" ? pair.A : pair.B },
        })),
    ];

    private static async Task<long> ChangesAsync(IQuerySession session) =>
        (await session.QueryAsync<long>($"select count(*) from {ProjectedTables.ChangeTable}")).Single();
}
