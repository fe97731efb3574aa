using System.Text.Json.Nodes;
using Alba;
using RelationsTracker.Access;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>Creating, listing and removing watches over HTTP.</summary>
public sealed class WatchEndpointTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Watch(string relationship = "USA-CHN", string url = "https://hooks.example.org/relations", string secret = "0123456789abcdef") => new
    {
        relationship,
        channels = new[] { "military" },
        statuses = new[] { "stalled", "suspended" },
        webhook = new { url, secret },
    };

    [Fact]
    public async Task A_writer_adds_a_watch_lists_it_without_its_secret_and_removes_it()
    {
        var writer = await Keys.AddAsync(app.Store, AccessRoles.Writer);

        var created = await (await app.Host.PostAsync("/api/watches", Watch(), writer, 201)).ReadAsJsonAsync<JsonNode>();
        ((string?)created!["relationship"]).ShouldBe("CHN-USA");
        var id = (string)created["id"]!;

        var listed = await (await app.Host.GetAsync("/api/watches", writer, 200)).ReadAsJsonAsync<JsonNode>();
        var watch = listed!.AsArray().ShouldHaveSingleItem()!;
        ((string?)watch["id"]).ShouldBe(id);
        watch["channels"]!.AsArray().Select(c => (string?)c).ShouldBe(["military"]);
        watch["statuses"]!.AsArray().Select(c => (string?)c).ShouldBe(["stalled", "suspended"]);
        ((string?)watch["webhook"]!["url"]).ShouldBe("https://hooks.example.org/relations");
        listed.ToJsonString().ShouldNotContain("0123456789abcdef");

        await app.Host.SendWithAsync(writer, 204, s => s.Delete.Url($"/api/watches/{id}"));
        await app.Host.SendWithAsync(writer, 404, s => s.Delete.Url($"/api/watches/{id}"));
        (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_watch_may_deliver_to_a_queue_alone_whose_tables_are_made_with_it()
    {
        var created = await app.Host.PostJsonAsync("/api/watches", new { country = "USA", queue = "my_analytics" }, 201);

        ((string?)created["queue"]).ShouldBe("my_analytics");
        created["webhook"].ShouldBeNull();
        var listed = (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldHaveSingleItem()!;
        ((string?)listed["queue"]).ShouldBe("my_analytics");
        (await QueueRows.CountAsync(app.ConnectionString, "my_analytics")).ShouldBe(0);
    }

    [Theory]
    [InlineData("My-Analytics")]
    [InlineData("engagements")]
    [InlineData("analytics; drop table x")]
    public async Task A_queue_that_is_not_a_plain_name_or_is_the_intake_queue_is_refused_naming_queue(string queue)
    {
        var problem = await app.Host.PostJsonAsync("/api/watches", new { queue }, 400);

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["queue"]);
        (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reader_may_neither_list_nor_add_watches()
    {
        var reader = await Keys.AddAsync(app.Store, AccessRoles.Reader);

        await app.Host.GetAsync("/api/watches", reader, 403);
        await app.Host.PostAsync("/api/watches", Watch(), reader, 403);
    }

    [Theory]
    [InlineData("USA-USA", "https://h.example.org/", "0123456789abcdef", "relationship")]
    [InlineData("USA-XXX", "https://h.example.org/", "0123456789abcdef", "relationship")]
    [InlineData("USA-CHN", "ftp://h.example.org/", "0123456789abcdef", "webhook.url")]
    [InlineData("USA-CHN", "hooks", "0123456789abcdef", "webhook.url")]
    [InlineData("USA-CHN", "https://h.example.org/", "short", "webhook.secret")]
    public async Task An_invalid_watch_is_refused_naming_the_field(string relationship, string url, string secret, string field)
    {
        var problem = await app.Host.PostJsonAsync("/api/watches", Watch(relationship, url, secret), 400);

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
        (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Unknown_channels_and_statuses_and_a_missing_webhook_are_each_named()
    {
        var problem = await app.Host.PostJsonAsync("/api/watches", new { country = "XX", channels = new[] { "naval" }, statuses = new[] { "frozen" } }, 400);

        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["channels", "country", "statuses", "webhook"]);
    }
}
