using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>relations submit FILE, run as a separate process while the server consumes the queue.</summary>
public sealed class SubmitCommandTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    [Fact]
    public async Task Submit_publishes_valid_engagements_and_reports_duplicates_and_rejections_with_reasons()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("already-here", "2023-01-05"), 201);
        var file = Path.Combine(Path.GetTempPath(), $"submit-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"sourceId":"cli-call","kind":"call","occurredOn":"2024-03-01","initiator":{"country":"USA","sector":"executive"},"counterpart":{"country":"CHN","sector":"executive"}}""",
            """{"sourceId":"cli-summit","kind":"summit","occurredOn":"2024-03-02","initiator":{"country":"USA"},"counterpart":{"country":"CHN"}}""",
            "not json",
            System.Text.Json.JsonSerializer.Serialize(Submit.Meeting("already-here", "2023-01-05"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
        ]);

        try
        {
            var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "submit", file, "--wait");

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
        finally
        {
            File.Delete(file);
        }
    }
}
