using System.Globalization;
using Alba;
using CsvHelper;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The listing, a timeline and a channel's history as CSV (format=csv or Accept: text/csv), with a header row, and the
/// dashboard's links to them.
/// </summary>
public sealed class CsvExportTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => QueryScenario.RecordAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IScenarioResult> GetAsync(string url, string? accept = null) =>
        app.Host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            if (accept is not null)
            {
                scenario.WithRequestHeader("Accept", accept);
            }

            scenario.StatusCodeShouldBeOk();
        });

    private async Task<(string ContentType, string Disposition, List<string[]> Rows)> CsvAsync(string url, string? accept = null)
    {
        var result = await GetAsync(url, accept);
        var text = await result.ReadAsTextAsync();
        using var csv = new CsvParser(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.Record!);
        }

        return (result.Context.Response.ContentType!, result.Context.Response.Headers.ContentDisposition.ToString(), rows);
    }

    [Fact]
    public async Task The_listing_as_csv_has_a_row_per_relationship_and_channel()
    {
        var (contentType, disposition, rows) = await CsvAsync("/api/relationships?asOf=2023-07-12&sort=country&format=csv");

        contentType.ShouldStartWith("text/csv");
        disposition.ShouldContain("relationships-2023-07-12.csv");
        rows[0].ShouldBe(["relationship", "channel", "status", "since"]);
        rows.Count.ShouldBe(1 + 3 * 6);
        rows[1].ShouldBe(["CHN-RUS", "military", "stalled", "2023-07-01"]);
        rows.ShouldContain(row => row[0] == "CHN-USA" && row[1] == "diplomatic" && row[2] == "open" && row[3] == "2023-06-18");
    }

    [Fact]
    public async Task A_timeline_as_csv_has_a_row_per_engagement_in_order_of_occurrence()
    {
        var (contentType, _, rows) = await CsvAsync("/api/relationships/usa/chn/timeline?format=csv");

        contentType.ShouldStartWith("text/csv");
        rows[0].ShouldBe(["sourceId", "occurredOn", "kind", "channel", "initiator", "counterpart", "summary", "publisher", "url"]);
        rows.Skip(1).Select(row => row[0]).ShouldBe(["q-usa-chn-rebuff", "q-usa-chn-meeting", "q-usa-chn-military-meeting"]);
        rows[2][1].ShouldBe("2023-06-18");
        rows[2][2].ShouldBe("meeting");
        rows[2][8].ShouldBe("https://example.org/q-usa-chn-meeting");
    }

    [Fact]
    public async Task A_channels_history_as_csv_has_a_row_per_status_interval()
    {
        var (_, disposition, rows) = await CsvAsync("/api/relationships/USA/CHN/channels/military/history?to=2023-09-30&format=csv");

        disposition.ShouldContain("CHN-USA-military-history.csv");
        rows[0].ShouldBe(["status", "from", "to", "reason", "decidedBy"]);
        rows.Skip(1).Select(row => (row[0], row[1], row[2], row[4])).ShouldBe(
            [("stalled", "2023-06-03", "2023-07-31", "q-usa-chn-rebuff"), ("open", "2023-08-01", "2023-09-30", "q-usa-chn-military-meeting")]);
    }

    [Theory]
    [InlineData("/api/relationships?asOf=2023-07-12&sort=country", "relationship,channel,status,since")]
    [InlineData("/api/relationships/usa/chn/timeline", "sourceId,occurredOn,kind,channel,initiator,counterpart,summary,publisher,url")]
    [InlineData("/api/relationships/USA/CHN/channels/military/history?to=2023-09-30", "status,from,to,reason,decidedBy")]
    public async Task Accept_text_csv_answers_the_same_csv_as_format_csv(string url, string header)
    {
        var (contentType, disposition, rows) = await CsvAsync(url, "text/csv");
        var asked = await CsvAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv");

        contentType.ShouldStartWith("text/csv");
        disposition.ShouldBe(asked.Disposition);
        string.Join(",", rows[0]).ShouldBe(header);
        rows.ShouldBe(asked.Rows);
    }

    [Theory]
    [InlineData("application/json, text/csv;q=0.5")]
    [InlineData("*/*")]
    [InlineData("text/csv;q=0.5, application/json")]
    public async Task Json_is_answered_unless_the_accept_header_prefers_csv(string accept)
    {
        var result = await GetAsync("/api/relationships?asOf=2023-07-12", accept);

        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Context.Response.Headers.Vary.ToString().ShouldBe("Accept");
    }

    [Fact]
    public async Task Format_json_wins_over_an_accept_header_asking_for_csv()
    {
        var result = await GetAsync("/api/relationships/usa/chn/timeline?format=json", "text/csv");

        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
    }

    [Fact]
    public async Task An_unknown_format_is_refused_naming_it()
    {
        var problem = await app.Host.GetJsonAsync("/api/relationships?format=xml", 400);

        problem["errors"]!["format"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_dashboard_links_to_the_csv_of_what_it_shows()
    {
        var overview = await (await app.Host.Scenario(s => s.Get.Url("/?asOf=2023-07-12&channel=military"))).ReadAsTextAsync();
        var relationship = await (await app.Host.Scenario(s => s.Get.Url("/relationships/CHN-USA?asOf=2023-07-12"))).ReadAsTextAsync();

        overview.ShouldContain("href=\"/api/relationships?channel=military&amp;asOf=2023-07-12&amp;pageSize=1000&amp;format=csv\"");
        relationship.ShouldContain("href=\"/api/relationships/CHN/USA/timeline?format=csv&amp;pageSize=500\"");
    }
}
