using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsTracker.Engagements;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>replay, status, timeline, history and projections rebuild, run as the real executable.</summary>
public sealed class QueryCommandsTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    public Task InitializeAsync() => QueryScenario.RecordAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Replay_as_json_is_the_list_of_the_http_api()
    {
        var file = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.json");
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "replay", "--to", "2023-07-12", "--format", "json", "--output", file);

        exitCode.ShouldBe(0, output);
        var fromCli = JsonNode.Parse(await ReadAndDeleteAsync(file))!;
        // The replay is every relationship on one page, in order of their countries.
        var fromHttp = await app.Host.GetJsonAsync("/api/relationships?asOf=2023-07-12&sort=country");
        fromCli["relationships"]!.ToJsonString().ShouldBe(fromHttp["relationships"]!.ToJsonString());
        ((int)fromCli["totalCount"]!).ShouldBe(3);
        ((int)fromCli["pageSize"]!).ShouldBe(3);
        ((int)fromCli["pageCount"]!).ShouldBe(1);
        fromCli["relationships"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Replay_of_one_pair_as_csv_has_a_row_per_channel()
    {
        var file = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.csv");
        var (exitCode, output) = await RelationsCli.RunAsync(
            app.ConnectionString, "replay", "--to", "2023-07-12", "--pair", "usa-chn", "--format", "csv", "--output", file);

        exitCode.ShouldBe(0, output);
        using var csv = new CsvReader(new StringReader(await ReadAndDeleteAsync(file)), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<ReplayRow>().ToList();
        rows.Select(r => r.Channel).ShouldBe(["military", "diplomatic", "economic", "climate", "leaders", "legislative"]);
        rows.ShouldAllBe(r => r.Relationship == "CHN-USA");
        rows[0].ShouldBe(new ReplayRow { Relationship = "CHN-USA", Channel = "military", Status = "stalled", Since = "2023-06-03" });
        rows[1].Status.ShouldBe("open");
    }

    [Fact]
    public async Task Replay_refuses_a_malformed_day_or_format()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "replay", "--to", "2023-02-30", "--format", "xml");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("--to: '2023-02-30' is not a date");
        output.ShouldContain("--format: 'xml' is not one of: table, json, csv.");
    }

    [Fact]
    public async Task Status_shows_each_channel_with_its_reason()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "status", "USA", "CHN", "--as-of", "2023-07-12");

        exitCode.ShouldBe(0, output);
        output.ShouldContain("CHN–USA as of 2023-07-12");
        var military = output.Split('\n').Single(line => line.Contains("│ military", StringComparison.Ordinal));
        military.ShouldContain("stalled");
        military.ShouldContain("2023-06-03");
        military.ShouldContain("[q-usa-chn-rebuff]");
    }

    [Fact]
    public async Task Status_of_an_unknown_pair_fails_with_the_reason()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "status", "USA", "NZL");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("No engagement between NZL and USA has been recorded.");
    }

    [Fact]
    public async Task Status_as_known_before_anything_was_recorded_says_when_the_first_was()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(
            app.ConnectionString, "status", "USA", "CHN", "--as-of", "2023-07-12", "--known-at", "2023-07-13");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("Nothing between CHN and USA was on record as known at 2023-07-13T23:59:59.9999999Z: the first engagement between them was recorded at ");
        output.ShouldNotContain("has been recorded");
    }

    [Fact]
    public async Task Help_lists_the_trackers_commands_first_each_with_its_description_and_nothing_else()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "--help");

        exitCode.ShouldBe(0, output);
        output.ShouldNotContain("Searching");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        lines[1].ShouldBe("Commands:");
        var commands = lines.Skip(2).TakeWhile(line => line != "Maintenance:").Select(line => line.Split(' ')[0]).ToList();
        commands.ShouldBe(["connection-string", "dead-letters", "history", "import", "keys", "plot", "projections", "publishers", "replay", "status", "submit", "subscribers", "timeline", "watch"]);
        lines.SkipWhile(line => line != "Maintenance:").Skip(1).Select(line => line.Split(' ')[0]).ShouldBe(["codegen", "resources", "run"]);
        lines.Skip(2).Where(line => line != "Maintenance:").ShouldAllBe(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 3);
    }

    [Fact]
    public async Task An_unknown_command_is_named_and_fails_with_the_list()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "staus", "USA", "CHN");

        exitCode.ShouldBe(1, output);
        output.ShouldStartWith("'staus' is not a command.");
        output.ShouldContain("  status ");
    }

    [Fact]
    public async Task Timeline_lists_the_engagements_of_the_period_in_order()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "timeline", "USA", "CHN", "--from", "2023-06-10");

        exitCode.ShouldBe(0, output);
        output.ShouldNotContain("q-usa-chn-rebuff");
        output.IndexOf("q-usa-chn-meeting", StringComparison.Ordinal)
            .ShouldBeLessThan(output.IndexOf("q-usa-chn-military-meeting", StringComparison.Ordinal));
        output.ShouldContain("https://example.org/q-usa-chn-meeting");
        output.ShouldContain("2 engagements");
    }

    [Fact]
    public async Task History_shows_the_status_intervals_of_a_channel()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "history", "USA", "CHN", "military", "--to", "2023-09-30");

        exitCode.ShouldBe(0, output);
        var lines = output.Split('\n');
        lines.Single(l => l.Contains("│ stalled", StringComparison.Ordinal)).ShouldContain("2023-06-03 │ 2023-07-31");
        lines.Single(l => l.Contains("│ open", StringComparison.Ordinal)).ShouldContain("2023-08-01 │ 2023-09-30");
    }

    [Fact]
    public async Task Rebuilding_the_projections_from_the_command_line_gives_the_same_state()
    {
        var before = await ProjectedRows.AllAsync(app.Store);
        before.ShouldNotBeEmpty();
        await using (var session = app.Store.LightweightSession())
        {
            // Lose the projected state, so that only the rebuild can bring it back.
            ProjectedRows.QueueEmptying(session, ProjectedTables.All);

            await session.SaveChangesAsync();
        }

        // The command rebuilds only while no server runs the projection: the test's server lets go of it meanwhile.
        var coordinator = (IHostedService)app.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.StopAsync(CancellationToken.None);
        int exitCode;
        string output;
        try
        {
            (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "projections", "rebuild");
        }
        finally
        {
            await coordinator.StartAsync(CancellationToken.None);
        }

        exitCode.ShouldBe(0, output);
        output.Trim().ShouldStartWith("Rebuilt the state of every relationship from the events in ");
        output.Trim().Split('\n').Length.ShouldBe(1, output);
        (await ProjectedRows.AllAsync(app.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Rebuilding_while_a_server_runs_the_projection_is_refused_and_leaves_the_state_as_it_is()
    {
        var before = await ProjectedRows.AllAsync(app.Store);

        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "projections", "rebuild");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("A server is running the projection: stop every server, then rebuild.");
        (await ProjectedRows.AllAsync(app.Store)).ShouldBe(before);
    }

    [Fact]
    public async Task Rebuilding_while_a_server_runs_one_part_of_the_projection_is_refused_and_leaves_the_state_as_it_is()
    {
        var before = await ProjectedRows.AllAsync(app.Store);
        var coordinator = (IHostedService)app.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.StopAsync(CancellationToken.None);
        try
        {
            // Another server that holds the last part, as two servers that share the parts do.
            await using var otherServer = await ProjectionLock.HoldAsync((DocumentStore)app.Store, app.ConnectionString, [StatePart.All[^1]]);

            var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "projections", "rebuild");

            exitCode.ShouldBe(1, output);
            output.ShouldContain("A server is running the projection: stop every server, then rebuild.");
        }
        finally
        {
            await coordinator.StartAsync(CancellationToken.None);
        }

        (await ProjectedRows.AllAsync(app.Store)).ShouldBe(before);
    }

    private static async Task<string> ReadAndDeleteAsync(string file)
    {
        try
        {
            return await File.ReadAllTextAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed record ReplayRow
    {
        [CsvHelper.Configuration.Attributes.Name("relationship")]
        public string Relationship { get; init; } = string.Empty;

        [CsvHelper.Configuration.Attributes.Name("channel")]
        public string Channel { get; init; } = string.Empty;

        [CsvHelper.Configuration.Attributes.Name("status")]
        public string Status { get; init; } = string.Empty;

        [CsvHelper.Configuration.Attributes.Name("since")]
        public string Since { get; init; } = string.Empty;
    }
}
