using System.Text.RegularExpressions;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary><c>relations watch add|list|remove</c>: the same watches as the API's.</summary>
public sealed partial class WatchCommandTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_watch_added_on_the_command_line_is_listed_by_the_api_and_removed_on_the_command_line()
    {
        var (added, output) = await RelationsCli.RunAsync(
            app.ConnectionString, "watch", "add", "--relationship", "USA-CHN", "--channels", "military", "--url", "https://hooks.example.org/a", "--secret", "0123456789abcdef");
        added.ShouldBe(0, output);
        var id = IdPattern().Match(output).Value;
        id.ShouldNotBeEmpty(output);

        var watch = (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldHaveSingleItem()!;
        ((string?)watch["id"]).ShouldBe(id);
        ((string?)watch["relationship"]).ShouldBe("CHN-USA");

        var (listed, list) = await RelationsCli.RunAsync(app.ConnectionString, "watch", "list");
        listed.ShouldBe(0, list);
        list.ShouldContain("CHN-USA");
        list.ShouldNotContain("0123456789abcdef");

        var (removed, removal) = await RelationsCli.RunAsync(app.ConnectionString, "watch", "remove", id);
        removed.ShouldBe(0, removal);
        (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_watch_with_a_queue_is_added_on_the_command_line_with_its_queue_made()
    {
        var (added, output) = await RelationsCli.RunAsync(app.ConnectionString, "watch", "add", "--channels", "military", "--queue", "cli_analytics");
        added.ShouldBe(0, output);

        var watch = (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldHaveSingleItem()!;
        ((string?)watch["queue"]).ShouldBe("cli_analytics");
        (await QueueRows.CountAsync(app.ConnectionString, "cli_analytics")).ShouldBe(0);
    }

    [Fact]
    public async Task A_queue_that_is_not_a_plain_name_is_refused_naming_queue()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "watch", "add", "--queue", "Not-A-Queue");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("queue: 'Not-A-Queue' is not a queue name");
        (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_invalid_watch_is_refused_naming_the_field()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "watch", "add", "--url", "https://hooks.example.org/a", "--secret", "short");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("webhook.secret");
        (await app.Host.GetJsonAsync("/api/watches")).AsArray().ShouldBeEmpty();
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex IdPattern();
}
