using System.Text.Json.Nodes;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The query endpoints over HTTP: lists, a country, a timeline, a channel's history, and their errors.</summary>
public sealed class QueryingRelationshipsTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        app.ResetClock();
        return QueryScenario.RecordAsync(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_list_keeps_the_relationships_whose_channel_has_the_status_on_the_day()
    {
        var list = await app.Host.GetJsonAsync("/api/relationships?channel=military&status=stalled&asOf=2023-07-12&sort=country");

        ((string?)list["asOf"]).ShouldBe("2023-07-12");
        Keys(list).ShouldBe(["CHN-RUS", "CHN-USA"]);
        var military = list["relationships"]![1]!.Channel("military");
        ((string?)military["status"]).ShouldBe("stalled");
        ((string?)military["since"]).ShouldBe("2023-06-03");
    }

    [Fact]
    public async Task A_status_without_a_channel_keeps_the_relationships_where_any_channel_has_it()
    {
        Keys(await app.Host.GetJsonAsync("/api/relationships?status=open&asOf=2023-07-12&sort=country")).ShouldBe(["CHN-USA", "FRA-USA"]);
        Keys(await app.Host.GetJsonAsync("/api/relationships?channel=military&asOf=2023-07-12&sort=country")).ShouldBe(["CHN-RUS", "CHN-USA"]);
        Keys(await app.Host.GetJsonAsync("/api/relationships?channel=military&status=open&asOf=2023-08-01")).ShouldBe(["CHN-USA"]);
    }

    [Fact]
    public async Task The_list_holds_only_relationships_known_by_the_day_and_filters_by_country()
    {
        Keys(await app.Host.GetJsonAsync("/api/relationships?asOf=2023-05-15")).ShouldBe(["FRA-USA"]);
        Keys(await app.Host.GetJsonAsync("/api/relationships?country=fra")).ShouldBe(["FRA-USA"]);
        var today = await app.Host.GetJsonAsync("/api/relationships?sort=country");
        ((string?)today["asOf"]).ShouldBe("2025-06-16");
        Keys(today).ShouldBe(["CHN-RUS", "CHN-USA", "FRA-USA"]);

        // Named no day, the list is of the server's today.
        app.Clock.AdjustTime(new DateTimeOffset(2023, 6, 10, 8, 0, 0, TimeSpan.Zero));
        Keys(await app.Host.GetJsonAsync("/api/relationships?sort=country")).ShouldBe(["CHN-USA", "FRA-USA"]);
    }

    [Fact]
    public async Task The_list_comes_latest_change_of_status_first_or_latest_engagement_first_and_in_pages()
    {
        // Today, US–China's military channel went dormant last (2024-08-01), then US–France's diplomatic one (2024-05-01),
        // while China–Russia's military channel stalled in 2023; on 2023-07-12, that stalling was the latest change.
        Keys(await app.Host.GetJsonAsync("/api/relationships")).ShouldBe(["CHN-USA", "FRA-USA", "CHN-RUS"]);
        Keys(await app.Host.GetJsonAsync("/api/relationships?asOf=2023-07-12")).ShouldBe(["CHN-RUS", "CHN-USA", "FRA-USA"]);
        Keys(await app.Host.GetJsonAsync("/api/relationships?sort=latest")).ShouldBe(["CHN-USA", "CHN-RUS", "FRA-USA"]);
        Keys(await app.Host.GetJsonAsync("/api/relationships?sort=latest&asOf=2023-07-12")).ShouldBe(["CHN-RUS", "CHN-USA", "FRA-USA"]);

        var second = await app.Host.GetJsonAsync("/api/relationships?pageSize=2&page=2");
        Keys(second).ShouldBe(["CHN-RUS"]);
        ((int)second["totalCount"]!).ShouldBe(3);
        ((int)second["pageCount"]!).ShouldBe(2);
        Keys(await app.Host.GetJsonAsync("/api/relationships?pageSize=2&page=3")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/relationships?channel=naval", "channel")]
    [InlineData("/api/relationships?status=frozen", "status")]
    [InlineData("/api/relationships?asOf=2023-13-01", "asOf")]
    [InlineData("/api/relationships?country=XXX", "country")]
    [InlineData("/api/relationships?sort=newest", "sort")]
    [InlineData("/api/relationships?pageSize=0", "pageSize")]
    [InlineData("/api/relationships?page=0", "page")]
    [InlineData("/api/countries/XYZ", "code")]
    [InlineData("/api/countries/CHN?asOf=yesterday", "asOf")]
    [InlineData("/api/relationships/USA/CHN?knownAt=last-week", "knownAt")]
    [InlineData("/api/relationships/USA/CHN/timeline?from=2023-08-01&to=2023-07-01", "from")]
    [InlineData("/api/relationships/USA/CHN/timeline?kind=summit", "kind")]
    [InlineData("/api/relationships/USA/CHN/timeline?channel=naval", "channel")]
    [InlineData("/api/relationships/USA/CHN/timeline?pageSize=501", "pageSize")]
    [InlineData("/api/relationships/USA/CHN/timeline?page=0", "page")]
    [InlineData("/api/relationships/USA/CHN/timeline?to=2023-02-30", "to")]
    [InlineData("/api/relationships/USA/USA/timeline", "b")]
    [InlineData("/api/relationships/USA/CHN/channels/naval/history", "channel")]
    [InlineData("/api/relationships/USA/CHN/channels/military/history?from=2023-09-01&to=2023-08-01", "from")]
    [InlineData("/api/relationships/US/CHN/channels/military/history", "a")]
    public async Task A_malformed_question_is_a_problem_naming_the_field(string url, string field)
    {
        var problem = await app.Host.GetJsonAsync(url, 400);

        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
    }

    [Theory]
    [InlineData("/api/relationships/USA/NZL/timeline")]
    [InlineData("/api/relationships/USA/NZL/channels/military/history")]
    public async Task A_pair_with_no_engagement_on_record_is_not_found(string url)
    {
        var problem = await app.Host.GetJsonAsync(url, 404);

        ((string?)problem["detail"]).ShouldBe("No engagement between USA and NZL has been recorded.");
    }

    [Fact]
    public async Task A_country_lists_its_relationships_on_the_day()
    {
        var country = await app.Host.GetJsonAsync("/api/countries/chn?asOf=2023-07-12");

        ((string?)country["country"]).ShouldBe("CHN");
        ((string?)country["name"]).ShouldBe("China");
        Keys(country).ShouldBe(["CHN-RUS", "CHN-USA"]);
        ((string?)country["relationships"]![1]!.Channel("diplomatic")["status"]).ShouldBe("open");
        Keys(await app.Host.GetJsonAsync("/api/countries/NZL")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_timeline_lists_the_engagements_in_order_of_occurrence_with_their_sources()
    {
        var timeline = await app.Host.GetJsonAsync("/api/relationships/chn/usa/timeline");

        SourceIds(timeline).ShouldBe(["q-usa-chn-rebuff", "q-usa-chn-meeting", "q-usa-chn-military-meeting"]);
        ((int?)timeline["totalCount"]).ShouldBe(3);
        ((int?)timeline["pageSize"]).ShouldBe(50);
        ((string?)timeline["engagements"]![1]!["source"]!["publisher"]).ShouldBe("Test Wire");
        ((string?)timeline["engagements"]![1]!["source"]!["url"]).ShouldBe("https://example.org/q-usa-chn-meeting");
    }

    [Fact]
    public async Task The_timeline_filters_by_period_kind_and_channel()
    {
        SourceIds(await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?from=2023-06-10&to=2023-07-31"))
            .ShouldBe(["q-usa-chn-meeting"]);
        SourceIds(await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?kind=meeting"))
            .ShouldBe(["q-usa-chn-meeting", "q-usa-chn-military-meeting"]);
        SourceIds(await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?channel=military"))
            .ShouldBe(["q-usa-chn-rebuff", "q-usa-chn-military-meeting"]);
    }

    [Fact]
    public async Task The_timeline_comes_in_pages_and_a_page_past_the_end_is_not_found()
    {
        var first = await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?pageSize=2");
        var second = await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?pageSize=2&page=2");
        var problem = await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?pageSize=2&page=3", 404);

        SourceIds(first).ShouldBe(["q-usa-chn-rebuff", "q-usa-chn-meeting"]);
        ((int?)first["pageCount"]).ShouldBe(2);
        SourceIds(second).ShouldBe(["q-usa-chn-military-meeting"]);
        ((int?)second["page"]).ShouldBe(2);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["page"]);
        SourceIds(await app.Host.GetJsonAsync("/api/relationships/USA/CHN/timeline?from=2030-01-01")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_channel_history_gives_the_status_intervals_up_to_today()
    {
        var history = await app.Host.GetJsonAsync("/api/relationships/USA/CHN/channels/military/history");

        Intervals(history).ShouldBe(
        [
            "stalled 2023-06-03..2023-07-31",
            "open 2023-08-01..2024-07-31",
            "dormant 2024-08-01..",
        ]);
        ((string?)history["intervals"]![0]!["reason"]).ShouldStartWith("Stalled: ");
        ((string)history["intervals"]![0]!["reason"]!).ShouldContain("[q-usa-chn-rebuff]");

        // The day before the channel would have fallen dormant, its history ends open.
        app.Clock.AdjustTime(new DateTimeOffset(2024, 7, 31, 23, 0, 0, TimeSpan.Zero));
        Intervals(await app.Host.GetJsonAsync("/api/relationships/USA/CHN/channels/military/history")).ShouldBe(
        [
            "stalled 2023-06-03..2023-07-31",
            "open 2023-08-01..",
        ]);
    }

    [Fact]
    public async Task A_channel_history_is_cut_to_the_period_asked_about()
    {
        var history = await app.Host.GetJsonAsync("/api/relationships/USA/CHN/channels/military/history?from=2023-07-01&to=2023-09-30");

        Intervals(history).ShouldBe(["stalled 2023-07-01..2023-07-31", "open 2023-08-01..2023-09-30"]);
        Intervals(await app.Host.GetJsonAsync("/api/relationships/USA/CHN/channels/climate/history")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_openapi_document_and_the_scalar_reference_are_served()
    {
        var document = await app.Host.GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();

        paths.ShouldContain("/api/relationships");
        paths.ShouldContain("/api/relationships/{a}/{b}");
        paths.ShouldContain("/api/relationships/{a}/{b}/timeline");
        paths.ShouldContain("/api/relationships/{a}/{b}/channels/{channel}/history");
        paths.ShouldContain("/api/countries/{code}");

        var scalar = await app.Host.Scenario(s =>
        {
            s.Get.Url("/scalar/v1");
            s.StatusCodeShouldBe(200);
        });
        (await scalar.ReadAsTextAsync()).ShouldContain("<title>Scalar API Reference</title>");
    }

    private static string[] Keys(JsonNode list) =>
        [.. list["relationships"]!.AsArray().Select(r => (string)r!["relationship"]!)];

    private static string[] SourceIds(JsonNode timeline) =>
        [.. timeline["engagements"]!.AsArray().Select(e => (string)e!["sourceId"]!)];

    private static string[] Intervals(JsonNode history) =>
        [.. history["intervals"]!.AsArray().Select(i => $"{(string?)i!["status"]} {(string?)i["from"]}..{(string?)i["to"]}")];
}
