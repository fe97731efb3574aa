using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>relations submit FILE, run as a separate process while the server consumes the queue.</summary>
public sealed class SubmitCommandTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    /// <summary>Writes the lines to a JSON-lines file and runs <c>relations submit FILE --wait</c> on it.</summary>
    private async Task<(int ExitCode, string Output)> SubmitAndWaitAsync(params string[] lines)
    {
        var file = Path.Combine(Path.GetTempPath(), $"submit-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            return await RelationsCli.RunAsync(app.ConnectionString, "submit", file, "--wait");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Submit_publishes_valid_engagements_and_reports_duplicates_and_rejections_with_reasons()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("already-here", "2023-01-05"), 201);

        var (exitCode, output) = await SubmitAndWaitAsync(
            """{"sourceId":"cli-call","kind":"call","occurredOn":"2024-03-01","initiator":{"country":"USA","sector":"executive"},"counterpart":{"country":"CHN","sector":"executive"}}""",
            """{"sourceId":"cli-summit","kind":"summit","occurredOn":"2024-03-02","initiator":{"country":"USA"},"counterpart":{"country":"CHN"}}""",
            "not json",
            System.Text.Json.JsonSerializer.Serialize(Submit.Meeting("already-here", "2023-01-05"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));

        exitCode.ShouldBe(1, output);
        output.ShouldContain("accepted and recorded │ 1");
        output.ShouldContain("duplicates            │ 1");
        output.ShouldContain("rejected              │ 2");
        output.ShouldContain("'summit' is not a kind");
        output.ShouldContain("line 3 is not valid JSON");

        // The summary is not buried under the hosts' start-up logs.
        output.ShouldNotContain("info:");
        output.ShouldNotContain("warn:");
        var state = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2024-03-01");
        ((string?)state.Channel("leaders")["status"]).ShouldBe("open");
    }

    [Fact]
    public async Task Waiting_ends_when_every_engagement_is_recorded_or_dead_lettered_and_names_the_dead_lettered_ones()
    {
        // The retraction waits in vain for the engagement it names, and is then dead-lettered.
        var (exitCode, output) = await SubmitAndWaitAsync(
            """{"sourceId":"wait-call","kind":"call","occurredOn":"2024-03-01","initiator":{"country":"USA","sector":"executive"},"counterpart":{"country":"BRA","sector":"executive"}}""",
            """{"sourceId":"wait-retraction","kind":"retraction","retracts":"never-sent","occurredOn":"2024-03-02","initiator":{"country":"USA"},"counterpart":{"country":"BRA"}}""");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("accepted and recorded │ 1");
        output.ShouldContain("rejected              │ 1");
        output.ShouldContain("dead-lettered by the server");
        output.ShouldContain("'never-sent'");
    }

    [Fact]
    public async Task Waiting_follows_a_file_of_more_engagements_than_a_message_holds_until_all_are_recorded()
    {
        var (exitCode, output) = await SubmitAndWaitAsync([.. Enumerable.Range(0, 1_200).Select(i => System.Text.Json.JsonSerializer.Serialize(
            Submit.Meeting($"many-{i}", "2023-01-05", b: i % 2 == 0 ? "IND" : "JPN"),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))]);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("accepted and recorded │ 1200");
    }

    [Fact]
    public async Task Control_characters_and_dates_out_of_bounds_are_rejected_naming_the_field_and_the_rest_is_recorded()
    {
        var (exitCode, output) = await SubmitAndWaitAsync(
            """{"sourceId":"hostile-good","kind":"call","occurredOn":"2024-03-01","initiator":{"country":"USA","sector":"executive"},"counterpart":{"country":"MEX","sector":"executive"}}""",
            """{"sourceId":"hostile-nul","kind":"call","occurredOn":"2024-03-01","summary":"a\u0000b","initiator":{"country":"USA"},"counterpart":{"country":"MEX"}}""",
            """{"sourceId":"hostile-early","kind":"call","occurredOn":"0001-01-01","initiator":{"country":"USA"},"counterpart":{"country":"MEX"}}""");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("accepted and recorded │ 1");
        output.ShouldContain("rejected              │ 2");
        output.ShouldContain("summary: Contains the control character U+0000");
        output.ShouldContain("occurredOn: '0001-01-01' is out of bounds");
    }

    [Fact]
    public async Task Waiting_is_bounded_and_names_what_is_still_not_recorded()
    {
        // A server made the database ready, and stopped: no one consumes its queue.
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using (var stopped = await TrackerApp.StartServerAsync(connectionString, TimeProvider.System))
        {
            await stopped.StopAsync();
        }

        var file = Path.Combine(Path.GetTempPath(), $"submit-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, [System.Text.Json.JsonSerializer.Serialize(
            Submit.Meeting("nobody-listens", "2023-01-05"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))]);
        try
        {
            var (exitCode, output) = await RelationsCli.RunAsync(connectionString, "submit", file, "--wait", "--wait-seconds", "2");

            exitCode.ShouldBe(1, output);
            output.ShouldContain("nobody-listens");
            output.ShouldContain("not recorded after waiting 2 s");
        }
        finally
        {
            File.Delete(file);
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
