using Marten;
using RelationsTracker.Access;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>Keys and roles on the default server: reads open to all, writes only with a writer's or admin's key.</summary>
public sealed class AccessTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_write_without_a_key_is_refused_401_with_problem_details_and_stores_nothing()
    {
        var problem = await (await app.Host.PostAsync("/api/engagements", Submit.Meeting("no-key", "2023-06-18"), key: null, 401)).ProblemAsync();

        ((int?)problem["status"]).ShouldBe(401);
        ((string?)problem["detail"]).ShouldNotBeNull().ShouldContain("Authorization: Bearer");
        await NothingStoredAsync();
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("rt_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_write_with_an_unknown_key_is_refused_401(string key)
    {
        var problem = await (await app.Host.PostAsync("/api/engagements", Submit.Meeting("bad-key", "2023-06-18"), key, 401)).ProblemAsync();

        ((string?)problem["detail"]).ShouldNotBeNull().ShouldContain("unknown, revoked");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_key_with_a_changed_secret_is_refused_though_its_id_is_known()
    {
        var key = await Keys.AddAsync(app.Store, AccessRoles.Writer);
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        await app.Host.PostAsync("/api/engagements", Submit.Meeting("forged", "2023-06-18"), forged, 401);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_writer_records_corrects_and_retracts_and_a_revoked_key_is_refused()
    {
        var key = await Keys.AddAsync(app.Store, AccessRoles.Writer);
        await app.Host.PostAsync("/api/engagements", Submit.Meeting("by-writer", "2023-06-18"), key, 201);
        await app.Host.SendWithAsync(key, 200, scenario =>
        {
            scenario.Put.Json(Submit.Meeting("by-writer", "2023-06-19")).ToUrl("/api/engagements/by-writer");
        });
        await app.Host.PostAsync("/api/engagements/batch", new[] { Submit.Meeting("by-writer-2", "2023-06-20") }, key, 201);

        string name;
        await using (var session = app.Store.QuerySession())
        {
            name = (await session.Query<AccessKey>().SingleAsync(k => k.Id == AccessKey.IdOf(key))).Name;
        }

        (await AccessKeys.RevokeAsync(app.Store, name, TrackerApp.Now, CancellationToken.None)).ShouldBeTrue();
        await app.Host.PostAsync("/api/engagements", Submit.Meeting("after-revoke", "2023-06-21"), key, 401);
        await app.Host.GetAsync("/api/relationships", key, 401);
    }

    [Fact]
    public async Task A_reader_reads_but_may_not_write_403_naming_the_roles_that_may()
    {
        var key = await Keys.AddAsync(app.Store, AccessRoles.Reader);

        await app.Host.GetAsync("/api/relationships", key, 200);
        var problem = await (await app.Host.PostAsync("/api/engagements", Submit.Meeting("by-reader", "2023-06-18"), key, 403)).ProblemAsync();

        ((int?)problem["status"]).ShouldBe(403);
        ((string?)problem["detail"]).ShouldBe("This needs the role writer or admin.");
        await app.Host.SendWithAsync(key, 403, scenario => scenario.Put.Json(Submit.Meeting("x", "2023-06-18")).ToUrl("/api/engagements/x"));
        await NothingStoredAsync();
    }

    [Fact]
    public async Task The_dead_letters_are_for_admins_only()
    {
        var writer = await Keys.AddAsync(app.Store, AccessRoles.Writer);
        var admin = await Keys.AddAsync(app.Store, AccessRoles.Admin);
        var letter = $"/api/dead-letters/{Guid.NewGuid()}";

        await app.Host.GetAsync("/api/dead-letters", key: null, 401);
        await app.Host.GetAsync("/api/dead-letters", writer, 403);
        await app.Host.SendWithAsync(writer, 403, scenario => scenario.Post.Url($"{letter}/replay"));
        await app.Host.SendWithAsync(writer, 403, scenario => scenario.Delete.Url(letter));
        await app.Host.GetAsync("/api/dead-letters", admin, 200);
        await app.Host.SendWithAsync(admin, 404, scenario => scenario.Delete.Url(letter));
        await app.Host.GetAsync("/api/dead-letters", TrackerApp.AdminKey, 200);
    }

    [Fact]
    public async Task Reads_and_the_dashboard_are_open_without_a_key_but_a_wrong_key_is_refused()
    {
        await app.Host.GetAsync("/api/relationships", key: null, 200);
        await app.Host.GetAsync("/", key: null, 200);
        await app.Host.GetAsync("/api/relationships", "rt_0123456789ab_wrong", 401);
        await app.Host.GetAsync("/", "rt_0123456789ab_wrong", 401);
    }

    private async Task NothingStoredAsync()
    {
        await using var session = app.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(0);
    }
}
