using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>Changes reach the PostgreSQL queues of the watches they match, once per queue.</summary>
public sealed class QueueDeliveryTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_change_is_queued_once_for_every_queue_of_the_watches_it_matches()
    {
        var queue = $"q_{Guid.NewGuid():N}"[..20];
        await app.Host.PostJsonAsync("/api/watches", new { relationship = "USA-CHN", queue }, 201);
        await app.Host.PostJsonAsync("/api/watches", new { channels = new[] { "military" }, queue }, 201);

        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));

        await Eventually.ReturnsAsync(() => QueueRows.CountAsync(app.ConnectionString, queue), count => count > 0, "the change in the queue");
        (await Changes.RecordedAsync(app.Store)).ShouldHaveSingleItem();
        (await QueueRows.CountAsync(app.ConnectionString, queue)).ShouldBe(1);
    }
}
