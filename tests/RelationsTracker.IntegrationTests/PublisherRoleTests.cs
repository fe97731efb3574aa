using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RelationsTracker.Engagements.Submitting;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Wolverine;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary><c>relations publishers add NAME</c>: a role that publishes to the queue and can neither read nor change the event store.</summary>
public sealed class PublisherRoleTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_publisher_role_publishes_engagements_that_are_recorded_and_cannot_touch_the_event_store()
    {
        var name = $"feed_{Guid.NewGuid():N}"[..20];
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "publishers", "add", name);
        exitCode.ShouldBe(0, output);
        var connectionString = output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("Host=", StringComparison.Ordinal));
        new NpgsqlConnectionStringBuilder(connectionString).Username.ShouldBe(name);

        using (var publisher = await EngagementPublishing.StartPublisherAsync(connectionString, publisherSchema: name))
        {
            await publisher.Services.GetRequiredService<IMessageBus>().PublishAsync(Submit.Meeting("published-by-role", "2023-06-18"));
            await publisher.StopAsync();
        }

        await Eventually.ReturnsAsync(
            async () =>
            {
                await using var session = app.Store.QuerySession();
                return await session.Events.QueryAllRawEvents().CountAsync();
            },
            count => count == 1,
            "the published engagement to be recorded");

        await RoleRefusals.ShouldRefuseAsync(
            connectionString,
            $"SELECT count(*) FROM {RelationsTrackerStore.Schema}.mt_events",
            $"DELETE FROM {RelationsTrackerStore.Schema}.mt_events",
            $"SELECT count(*) FROM {RelationsTrackerStore.Schema}.mt_streams",
            $"SELECT count(*) FROM {RelationsTrackerStore.Schema}.mt_doc_accesskey",
            $"DELETE FROM wolverine_queues.{PublisherRoles.QueueTables[0]}",
            $"CREATE TABLE {RelationsTrackerStore.Schema}.intruder (id int)");
    }

    [Fact]
    public async Task A_name_that_is_not_a_plain_identifier_is_refused()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "publishers", "add", "Robert'); DROP TABLE x;--");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("is not a publisher name");
    }
}
