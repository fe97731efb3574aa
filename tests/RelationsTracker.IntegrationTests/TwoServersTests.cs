using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// Two server processes on one database, written to at once about the same relationships: the state is projected
/// once per event, by one server at a time; when the one projecting is killed (SIGKILL) in the middle, the other takes
/// the projection over and carries on, and nothing is lost.
/// </summary>
public sealed class TwoServersTests : IAsyncLifetime
{
    private const int Batches = 60;
    private const int PerBatch = 20;
    private static readonly (string A, string B)[] Pairs = [("USA", "CHN"), ("USA", "JPN"), ("CHN", "RUS")];
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Writers_on_two_servers_project_each_event_once_and_the_survivor_of_a_kill_carries_on()
    {
        var batches = Gen.OneOf(Pairs.Select(p => EngagementGen.Between(p.A, p.B)).ToArray())
            .Array[Batches * PerBatch]
            .Single(_ => true, "7HfDysLxXJZ1")
            .Select((e, i) => e with { SourceId = $"two-{i:0000}" })
            .Chunk(PerBatch)
            .ToArray();
        // The first server runs the projection (it alone is running when the first batch is projected); the second
        // stands by until the first is killed.
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString));
        await using var first = await ServerProcess.StartAsync(_connectionString);
        using var toFirst = first.Client();
        (await PostAsync(toFirst, batches[0])).ShouldBeTrue(first.Output);
        await using (var session = store.QuerySession())
        {
            await ProjectedRows.CaughtUpAsync(session);
        }

        await using var second = await ServerProcess.StartAsync(_connectionString);
        using var toSecond = second.Client();

        // Two writers per server, each batch touching all three relationships; the first server is killed once a
        // third of the batches are in, while its writers are still sending.
        var sent = 0;
        var killed = new TaskCompletionSource();
        async Task WriteAsync(int writer)
        {
            for (var index = writer; index < batches.Length; index += 4)
            {
                var onFirst = writer % 2 == 0 && !killed.Task.IsCompleted;
                if (!onFirst || !await TryPostAsync(toFirst, batches[index]))
                {
                    // What the killed server may or may not have committed is sent again: a repeat is a duplicate.
                    (await PostAsync(toSecond, batches[index])).ShouldBeTrue(second.Output);
                }

                if (Interlocked.Increment(ref sent) == Batches / 3)
                {
                    await first.KillAsync();
                    killed.SetResult();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(WriteAsync));
        killed.Task.IsCompleted.ShouldBeTrue();

        await using (var session = store.QuerySession())
        {
            // The survivor took over the projection from the killed server, which held it, and brought it up to date.
            await ProjectedRows.CaughtUpAsync(session);
            // A failed commit leaves Marten's placeholders (the tombstone stream) in the sequence, never an engagement.
            (await session.Events.QueryAllRawEvents().Where(e => e.StreamKey != "mt_tombstone").CountAsync()).ShouldBe(Batches * PerBatch);
            var windows = new ActivityWindows();
            var all = batches.SelectMany(b => b).Select(e => Submissions.Accept(e, DateOnly.MaxValue)).ToList();
            foreach (var (a, b) in Pairs)
            {
                var key = RelationshipKey.For(a, b);
                var engagements = all.Where(e => RelationshipKey.For(e.Initiator.Country, e.Counterpart.Country) == key).Order(OccurrenceOrder.Instance).ToList();
                foreach (var date in new[] { new DateOnly(2021, 3, 1), new DateOnly(2023, 7, 12), new DateOnly(2026, 1, 1) })
                {
                    var projected = await RelationshipQueries.StateAsync(session, key, date, null, windows, CancellationToken.None);
                    JsonSerializer.Serialize(projected, Json).ShouldBe(
                        JsonSerializer.Serialize(RelationshipState.Evaluate(key, engagements, date, windows), Json), $"{key} as of {date:yyyy-MM-dd}");
                }
            }
        }

        var projectedRows = await ProjectedRows.AllAsync(store);

        // Rebuilt with no server running, so that no other daemon projects meanwhile.
        await second.StopAsync();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            foreach (var part in StatePart.All)
            {
                await daemon.RebuildProjectionAsync(part.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
            }
        }

        (await ProjectedRows.AllAsync(store)).ShouldBe(projectedRows);
    }

    private static async Task<bool> TryPostAsync(HttpClient client, RecordEngagement[] batch)
    {
        try
        {
            return await PostAsync(client, batch);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> PostAsync(HttpClient client, RecordEngagement[] batch)
    {
        using var answer = await client.PostAsJsonAsync("/api/engagements/batch", batch, Json);
        return answer.IsSuccessStatusCode;
    }
}
