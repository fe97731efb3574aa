using System.Net;
using System.Net.Http.Json;
using Marten;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>Two server processes sent the same engagements at once announce each change once, with one changeId.</summary>
public sealed class TwoNodeChangesTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Each_change_has_one_change_id_and_each_is_delivered()
    {
        await using var receiver = await WebhookReceiver.OnFreePort().StartAsync();
        await using var first = await ServerProcess.StartAsync(_connectionString);
        await using var second = await ServerProcess.StartAsync(_connectionString);
        using var toFirst = first.Client();
        using var toSecond = second.Client();
        (await toFirst.PostAsJsonAsync("/api/watches", new { webhook = new { url = receiver.Url, secret = "a-secret-of-the-subscriber" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // Every engagement goes to both servers at once, latest first so that most of them rewrite the past.
        foreach (var engagement in SeedScenario.Engagements().Reverse())
        {
            var answers = await Task.WhenAll(toFirst.PostAsJsonAsync("/api/engagements", engagement), toSecond.PostAsJsonAsync("/api/engagements", engagement));
            answers.Select(a => (int)a.StatusCode).Order().ToArray().ShouldBe([200, 201], first.Output + second.Output);
        }

        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString));
        var changes = await Changes.RecordedAsync(store);
        changes.ShouldNotBeEmpty();
        foreach (var channel in changes.GroupBy(c => (c.Relationship, c.Channel)))
        {
            // One announcement per transition: each change starts from the status the previous one led to.
            channel.Zip(channel.Skip(1)).ShouldAllBe(pair => pair.Second.From == pair.First.To, channel.Key.ToString());
        }

        var taken = await Eventually.ReturnsAsync(
            () => Task.FromResult(receiver.Taken.Select(t => t.Change.ChangeId).Distinct().ToList()), t => t.Count >= changes.Count, "every change delivered");
        taken.Order().ShouldBe(changes.Select(c => c.ChangeId).Order());
    }
}
