using System.Globalization;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>POST, batch, GET and PUT of engagements: idempotency, conflicts, corrections, retractions, validation.</summary>
public sealed class IntakeOverHttpTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_engagement_is_created_and_the_same_again_is_a_duplicate_that_stores_nothing()
    {
        var meeting = Submit.Meeting("http-1", "2023-06-18");

        var created = await app.Host.PostJsonAsync("/api/engagements", meeting, 201);
        ((string?)created["sourceId"]).ShouldBe("http-1");
        ((string?)created["relationshipId"]).ShouldBe("CHN-USA");
        ((bool?)created["duplicate"]).ShouldBe(false);

        var again = await app.Host.PostJsonAsync("/api/engagements", meeting, 200);
        ((bool?)again["duplicate"]).ShouldBe(true);
        (await app.EventCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Different_content_under_the_same_sourceId_is_a_409_showing_both()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("http-2", "2023-06-18"), 201);

        var conflict = await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("http-2", "2023-06-19"), 409);

        ((string?)conflict["stored"]!["occurredOn"]).ShouldBe("2023-06-18");
        ((string?)conflict["submitted"]!["occurredOn"]).ShouldBe("2023-06-19");
        ((string?)conflict["detail"]).ShouldNotBeNull().ShouldContain("PUT /api/engagements/http-2");
        (await app.EventCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_correction_is_a_new_version_in_the_history_and_the_state_uses_it()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("meeting", "http-3", "2023-06-18"), 201);

        var corrected = await app.Host.PutJsonAsync("/api/engagements/http-3", Submit.Of("rebuff", "http-3", "2023-06-18"), 200);
        ((int?)corrected["version"]).ShouldBe(2);

        var stored = await app.Host.GetJsonAsync("/api/engagements/http-3");
        stored["versions"]!.AsArray().Select(v => (string?)v!["engagement"]!["kind"]).ShouldBe(["meeting", "rebuff"]);
        ((string?)stored["current"]!["kind"]).ShouldBe("rebuff");

        var state = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-01");
        ((string?)state.Channel("military")["status"]).ShouldBe("stalled");

        // The original content is now a conflict; the correction again is a duplicate.
        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("meeting", "http-3", "2023-06-18"), 409);
        ((bool?)(await app.Host.PutJsonAsync("/api/engagements/http-3", Submit.Of("rebuff", "http-3", "2023-06-18"), 200))["duplicate"]).ShouldBe(true);
    }

    [Fact]
    public async Task Thirty_concurrent_corrections_each_answer_the_version_they_stored()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("http-many", "2023-06-18"), 201);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => app.Host.PutJsonAsync(
            "/api/engagements/http-many", Submit.Meeting("http-many", "2023-06-18") with { Summary = $"correction {i}" }, 200)));

        var stored = await app.Host.GetJsonAsync("/api/engagements/http-many");
        var versions = stored["versions"]!.AsArray().ToDictionary(v => (string?)v!["engagement"]!["summary"] ?? "original", v => (int)v!["version"]!);
        answers.Select(a => (int)a["version"]!).Order().ShouldBe(Enumerable.Range(2, 30));
        for (var i = 0; i < answers.Length; i++)
        {
            ((int)answers[i]["version"]!).ShouldBe(versions[$"correction {i}"]);
        }
    }

    [Fact]
    public async Task A_correction_of_an_unknown_engagement_is_a_404_and_one_that_moves_it_to_another_pair_a_400()
    {
        await app.Host.PutJsonAsync("/api/engagements/nope", Submit.Meeting("nope", "2023-06-18"), 404);
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("http-4", "2023-06-18"), 201);

        var moved = await app.Host.PutJsonAsync("/api/engagements/http-4", Submit.Meeting("http-4", "2023-06-18", b: "RUS"), 400);

        moved["errors"]!["counterpart.country"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_retraction_withdraws_the_engagement_from_the_state_and_one_of_nothing_is_a_400()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("rebuff", "false-report", "2023-06-01"), 201);
        var retraction = Submit.Of("retraction", "correction-note", "2023-06-05") with { Retracts = "false-report" };

        await app.Host.PostJsonAsync("/api/engagements", retraction with { Retracts = "never-recorded" }, 400);
        await app.Host.PostJsonAsync("/api/engagements", retraction, 201);

        var stored = await app.Host.GetJsonAsync("/api/engagements/false-report");
        ((string?)stored["retractedBy"]).ShouldBe("correction-note");
        await app.Host.GetJsonAsync("/api/relationships/USA/CHN", 404);
    }

    [Fact]
    public async Task A_batch_is_atomic_and_names_every_bad_item()
    {
        RecordEngagement[] batch =
        [
            Submit.Meeting("batch-0", "2023-01-01"),
            Submit.Meeting("batch-1", "2023-01-02") with { Kind = "summit" },
            Submit.Meeting("batch-2", "2023-01-03") with { OccurredOn = "2023-02-30" },
        ];

        var problem = await app.Host.PostJsonAsync("/api/engagements/batch", batch, 400);

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["[1].kind", "[2].occurredOn"], ignoreOrder: true);
        (await app.EventCountAsync()).ShouldBe(0);

        var recorded = await app.Host.PostJsonAsync("/api/engagements/batch", new[] { batch[0], batch[0] with { SourceId = "batch-3" } }, 201);
        recorded["engagements"]!.AsArray().Select(e => (string?)e!["sourceId"]).ShouldBe(["batch-0", "batch-3"]);
        (await app.EventCountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_over_a_thousand_is_refused()
    {
        var tooMany = Enumerable.Range(0, 1001).Select(i => Submit.Meeting($"many-{i}", "2023-01-01")).ToArray();

        var problem = await app.Host.PostJsonAsync("/api/engagements/batch", tooMany, 400);

        problem["errors"]!["engagements"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_and_an_oversized_body_a_413()
    {
        await app.Host.PostRawAsync("/api/engagements", "{ \"sourceId\": ", 400);

        var huge = Submit.Meeting("huge", "2023-01-01") with { Summary = new string('x', 9 * 1024 * 1024) };
        var problem = await app.Host.PostJsonAsync("/api/engagements", huge, 413);
        ((string?)problem["detail"]).ShouldNotBeNull().ShouldContain("limit");
    }

    [Theory]
    [InlineData("initiator.country")]
    [InlineData("counterpart.country")]
    [InlineData("occurredOn")]
    [InlineData("kind")]
    [InlineData("channel")]
    [InlineData("sourceId")]
    public async Task Every_invalid_field_is_named_over_http_and_nothing_is_stored(string field)
    {
        var meeting = Submit.Meeting("bad", "2023-01-01");
        var invalid = field switch
        {
            "initiator.country" => meeting with { Initiator = meeting.Initiator! with { Country = "XYZ" } },
            "counterpart.country" => meeting with { Counterpart = meeting.Counterpart! with { Country = "USA" } },
            "occurredOn" => meeting with { OccurredOn = "2999-01-01" },
            "kind" => meeting with { Kind = null },
            "channel" => meeting with { Channel = "space" },
            _ => meeting with { SourceId = new string('s', 201) },
        };

        var problem = await app.Host.PostJsonAsync("/api/engagements", invalid, 400);

        problem["errors"]![field].ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_engagement_dated_after_the_servers_today_is_refused_until_that_day_comes()
    {
        var tomorrow = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        var meeting = Submit.Meeting("tomorrow", tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var problem = await app.Host.PostJsonAsync("/api/engagements", meeting, 400);
        ((string?)problem["errors"]!["occurredOn"]![0]).ShouldNotBeNull().ShouldContain("is in the future");

        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.Host.PostJsonAsync("/api/engagements", meeting, 201);
        (await app.EventCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_engagement_is_a_404()
    {
        var problem = await app.Host.GetJsonAsync("/api/engagements/unknown-id", 404);

        ((string?)problem["detail"]).ShouldBe("No engagement 'unknown-id' is recorded.");
    }
}
