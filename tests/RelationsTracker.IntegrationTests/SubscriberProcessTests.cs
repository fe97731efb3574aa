using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Wolverine;
using Wolverine.Postgresql;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The sample subscriber (samples/Subscriber), a process of its own, prints the changes a watch sends to its queue.</summary>
public sealed class SubscriberProcessTests : IAsyncLifetime
{
    private const string Queue = "sample_subscriber";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task The_subscriber_prints_the_change_an_engagement_recorded_by_the_server_makes()
    {
        await using var server = await ServerProcess.StartAsync(_connectionString);
        using var client = server.Client();
        var watch = await client.PostAsJsonAsync("/api/watches", new { relationship = "USA-CHN", channels = new[] { "military" }, queue = Queue });
        watch.StatusCode.ShouldBe(HttpStatusCode.Created, server.Output);
        await using var subscriber = SubscriberProcess.Start(_connectionString, Queue);

        // Yesterday on the server's clock: the military channel is open today.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recorded = await client.PostAsJsonAsync("/api/engagements", Submit.Of("meeting", "defense-talks", yesterday));
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created, server.Output);

        var printed = (await subscriber.ChangesUntilAsync(_ => true, Patience)).ShouldHaveSingleItem();
        (printed.Relationship, printed.Channel, printed.From, printed.To, printed.Cause).ShouldBe(("CHN-USA", "military", "unknown", "open", "recorded"));
        printed.DecidedBy.ShouldBe(["defense-talks"]);
        using var store = DocumentStore.For(options => RelationsTrackerStore.Configure(options, _connectionString));
        printed.ChangeId.ShouldBe((await Changes.RecordedAsync(store)).ShouldHaveSingleItem().ChangeId);
    }

    [Fact]
    public async Task The_subscriber_prints_a_change_delivered_twice_once()
    {
        var twice = Change("military");
        var after = Change("diplomatic");
        using (var publisher = await Host.CreateDefaultBuilder()
                   .UseWolverine(options =>
                   {
                       options.UsePostgresqlPersistenceAndTransport(_connectionString, "redelivery", transportSchema: EngagementQueue.TransportSchema).AutoProvision();
                       options.EnvelopeIdGeneration = EngagementQueue.EnvelopeIds;
                       options.PublishMessage<ChannelStatusChanged>().ToPostgresqlQueue(Queue);
                       options.Discovery.DisableConventionalDiscovery();
                   })
                   .StartAsync())
        {
            // In the queue in that order before the subscriber starts: the copies first, the other change after them.
            var bus = publisher.Services.GetRequiredService<IMessageBus>();
            await bus.PublishAsync(twice);
            await bus.PublishAsync(twice);
            await Eventually.ReturnsAsync(() => QueueRows.CountAsync(_connectionString, Queue), count => count == 2, "both copies in the queue");
            await bus.PublishAsync(after);
            await Eventually.ReturnsAsync(() => QueueRows.CountAsync(_connectionString, Queue), count => count == 3, "the other change in the queue");
            await publisher.StopAsync();
        }

        await using var subscriber = SubscriberProcess.Start(_connectionString, Queue);
        var printed = await subscriber.ChangesUntilAsync(c => c.ChangeId == after.ChangeId, Patience);
        printed.Select(c => c.ChangeId).ShouldBe([twice.ChangeId, after.ChangeId], subscriber.Output);
    }

    private static ChannelStatusChanged Change(string channel) =>
        new(Guid.NewGuid(), "CHN-USA", channel, "open", "stalled", "2023-06", "Stalled: a rebuff.", ["a-rebuff"], "recorded",
            new DateOnly(2023, 7, 13), DateTimeOffset.UtcNow, null);
}
