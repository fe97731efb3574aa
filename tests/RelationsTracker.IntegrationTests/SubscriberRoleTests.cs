using Npgsql;
using RelationsTracker.Engagements.Submitting;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary><c>relations subscribers add NAME</c>: a role that takes the changes of its queue and can touch nothing else.</summary>
public sealed class SubscriberRoleTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_subscriber_role_takes_the_changes_of_its_queue_and_cannot_touch_anything_else()
    {
        var name = $"analytics_{Guid.NewGuid():N}"[..24];
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "subscribers", "add", name);
        exitCode.ShouldBe(0, output);
        var connectionString = output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("Host=", StringComparison.Ordinal));
        new NpgsqlConnectionStringBuilder(connectionString).Username.ShouldBe(name);
        await app.Host.PostJsonAsync("/api/watches", new { queue = name }, 201);

        await using var subscriber = SubscriberProcess.Start(connectionString, name);
        await app.RecordAsync(Submit.Of("meeting", "mil-1", "2025-06-10"));

        var printed = (await subscriber.ChangesUntilAsync(_ => true, TimeSpan.FromSeconds(60))).ShouldHaveSingleItem();
        printed.ChangeId.ShouldBe((await Changes.RecordedAsync(app.Store)).ShouldHaveSingleItem().ChangeId);
        await RoleRefusals.ShouldRefuseAsync(
            connectionString,
            $"SELECT count(*) FROM {RelationsTrackerStore.Schema}.mt_events",
            $"SELECT count(*) FROM {RelationsTrackerStore.Schema}.mt_doc_watch",
            $"SELECT count(*) FROM wolverine_queues.{PublisherRoles.QueueTables[0]}",
            $"INSERT INTO wolverine_queues.{PublisherRoles.QueueTables[0]} (id, body, message_type) VALUES (gen_random_uuid(), '', 'x')",
            $"CREATE TABLE wolverine_queues.intruder (id int)");
    }

    [Fact]
    public async Task A_name_that_is_not_a_queue_name_is_refused()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "subscribers", "add", "engagements");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("is the tracker's own intake queue");
    }
}
