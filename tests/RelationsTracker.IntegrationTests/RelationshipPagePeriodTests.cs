using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The relationship page over a period: the seed scenario and one meeting of 1982, which by default stays off the
/// chart rather than stretch it over four decades; related contacts and evidence shown per channel.
/// </summary>
public sealed class RelationshipPagePeriodTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        foreach (var engagement in SeedScenario.Engagements().Append(Submit.Meeting("period-1982-meeting", "1982-05-04")))
        {
            await app.RecordAsync(engagement);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task By_default_the_chart_spans_the_two_years_to_the_day_and_the_header_the_engagements()
    {
        var page = await app.Host.PageAsync("/relationships/CHN-USA?asOf=2023-07-12");

        page.ShouldContain("<title id=\"timeline-title\">Timeline of CHN–USA, 2021-07-12 to 2023-08-14</title>");
        page.ShouldContain("9 engagements on record, 1982-05-04 to 2023-07.");
        page.ShouldContain("<a id=\"whole-history\" href=\"/relationships/CHN-USA?asOf=2023-07-12&amp;from=1982-04-17&amp;to=2023-08-14\">");
        page.ShouldNotContain("data-source-id=\"period-1982-meeting\"");
    }

    [Fact]
    public async Task From_and_to_zoom_the_chart_and_its_links_keep_them()
    {
        var page = await app.Host.PageAsync("/relationships/CHN-USA?asOf=2023-07-12&from=2023-06-15&to=2023-07-31");

        page.ShouldContain("<title id=\"timeline-title\">Timeline of CHN–USA, 2023-06-15 to 2023-07-31</title>");
        page.ShouldContain("<input type=\"date\" id=\"chart-from\" name=\"from\" value=\"2023-06-15\">");
        page.ShouldContain("<input type=\"hidden\" name=\"from\" value=\"2023-06-15\"><input type=\"hidden\" name=\"to\" value=\"2023-07-31\">");
        page.ShouldContain("data-source-id=\"seed-2023-07-12-xie-ratner-pentagon\"");
        page.ShouldNotContain("data-source-id=\"seed-2023-06-blinken-beijing\"");

        var whole = await app.Host.PageAsync("/relationships/CHN-USA?asOf=2023-07-12&from=1982-04-17&to=2023-08-14");
        whole.ShouldContain("data-source-id=\"period-1982-meeting\"");
    }

    [Theory]
    [InlineData("from=2023-13-01", "from: '2023-13-01' is not a date: use YYYY-MM-DD.")]
    [InlineData("to=soon", "to: 'soon' is not a date: use YYYY-MM-DD.")]
    [InlineData("from=2023-08-01&to=2023-07-01", "from: The period starts (2023-08-01) after it ends (2023-07-01).")]
    public async Task A_wrong_period_is_refused_naming_the_parameter(string query, string problem)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/relationships/CHN-USA?{query}");
            s.StatusCodeShouldBe(400);
        });

        (await result.ReadAsTextAsync()).ShouldContain($"<p class=\"error\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(problem)}</p>");
    }

    [Fact]
    public async Task The_pentagon_meeting_is_a_related_contact_of_the_military_channel_in_its_row_and_on_its_lane()
    {
        var page = await app.Host.PageAsync("/relationships/CHN-USA?asOf=2023-07-12");

        var military = page[page.IndexOf("<tr data-channel=\"military\">", StringComparison.Ordinal)..];
        military = military[..military.IndexOf("</tr>", StringComparison.Ordinal)];
        military.ShouldContain("meeting (diplomatic) on 2023-07-12 [seed-2023-07-12-xie-ratner-pentagon]");
        military.ShouldContain("statement (military) on 2023-07-10 [seed-2023-07-kahl-london-remarks]");
        page.ShouldMatch("<a class=\"marker related\" [^>]*data-source-id=\"seed-2023-07-12-xie-ratner-pentagon\"");
        page.ShouldMatch("<a class=\"marker future\" [^>]*data-source-id=\"seed-2023-07-13-military-stalled-assessment\"");
    }
}
