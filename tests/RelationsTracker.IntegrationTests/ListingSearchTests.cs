using RelationsTracker.Engagements;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships.Listing;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The listing and the overview searched by country name, and without the relationships whose channels are all
/// unknown: three relationships with a meeting, and more than a page of France's with only a statement (no channel moved).
/// </summary>
public sealed class ListingSearchTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    private static readonly string[] Silent =
        [.. Countries.All.Keys.Where(c => c is not ("FRA" or "USA" or "CHN" or "GBR")).Order(StringComparer.Ordinal).Take(ListingPage.DefaultSize)];

    public async Task InitializeAsync()
    {
        var batch = Silent.Select((c, i) => Submit.Of("statement", $"silent-{i:00}", "2023-06-18", "diplomatic", "FRA", c))
            .Append(Submit.Meeting("search-usa-chn", "2023-06-18"))
            .Append(Submit.Meeting("search-usa-gbr", "2023-06-18", "USA", "GBR"))
            .Append(Submit.Meeting("search-chn-fra", "2023-06-18", "CHN", "FRA"))
            .ToArray();
        // Each test records the batch: the first time it is recorded (201), after that it is a duplicate (200).
        var answer = await app.Host.Scenario(s =>
        {
            s.Post.Json(batch).ToUrl("/api/engagements/batch");
            s.IgnoreStatusCode();
        });
        answer.Context.Response.StatusCode.ShouldBeOneOf(200, 201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string[]> RelationshipsAsync(string url)
    {
        var list = await app.Host.GetJsonAsync(url);
        return [.. list["relationships"]!.AsArray().Select(r => (string)r!["relationship"]!)];
    }

    [Theory]
    [InlineData("china", new[] { "CHN-FRA", "CHN-USA" })]
    [InlineData("CHINA", new[] { "CHN-FRA", "CHN-USA" })]
    [InlineData("united", new[] { "ARE-FRA", "CHN-USA", "GBR-USA" })]
    [InlineData("gbr", new[] { "GBR-USA" })]
    [InlineData("atlantis", new string[0])]
    public async Task A_search_keeps_the_relationships_where_either_countrys_name_contains_it(string q, string[] expected)
    {
        (await RelationshipsAsync($"/api/relationships?asOf=2023-07-12&sort=country&q={q}")).ShouldBe(expected);
    }

    [Fact]
    public async Task The_api_hides_the_relationships_with_every_channel_unknown_only_when_asked()
    {
        var all = await app.Host.GetJsonAsync("/api/relationships?asOf=2023-07-12&pageSize=1000");
        var known = await app.Host.GetJsonAsync("/api/relationships?asOf=2023-07-12&sort=country&hideUnknown=true");

        ((int)all["totalCount"]!).ShouldBe(Silent.Length + 3);
        ((int)known["totalCount"]!).ShouldBe(3);
        ((int)known["pageCount"]!).ShouldBe(1);
        known["relationships"]!.AsArray().Select(r => (string)r!["relationship"]!).ShouldBe(["CHN-FRA", "CHN-USA", "GBR-USA"]);
    }

    [Fact]
    public async Task A_wrong_flag_or_a_search_too_long_is_refused_naming_it()
    {
        (await app.Host.GetJsonAsync("/api/relationships?hideUnknown=maybe", 400))["errors"]!["hideUnknown"].ShouldNotBeNull();
        (await app.Host.GetJsonAsync($"/api/relationships?q={new string('a', 101)}", 400))["errors"]!["q"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_overview_hides_them_by_default_when_there_are_more_than_a_page_and_says_so()
    {
        var page = await app.Host.PageAsync("/?asOf=2023-07-12&sort=country");

        page.ShouldContain("<p class=\"muted\" id=\"overview-count\">3 relationships as of 2023-07-12.");
        page.ShouldContain($"{Silent.Length} more with every channel unknown hidden: <a href=\"/?hideUnknown=false&amp;sort=country&amp;asOf=2023-07-12\">show them</a>.");
        OverviewPages.CountRows(page).ShouldBe(3);
        page.ShouldContain("href=\"/api/relationships?hideUnknown=true&amp;sort=country&amp;asOf=2023-07-12&amp;pageSize=1000&amp;format=csv\"");

        var shown = await app.Host.PageAsync("/?hideUnknown=false&sort=country&asOf=2023-07-12&page=2");
        shown.ShouldContain($"{Silent.Length + 3} relationships as of 2023-07-12, page 2 of 2.");
        OverviewPages.CountRows(shown).ShouldBe(3);
    }

    [Fact]
    public async Task The_overview_searches_by_name_and_shows_them_when_one_page_holds_what_it_finds()
    {
        var france = await app.Host.PageAsync("/?asOf=2023-07-12&q=France");
        france.ShouldContain("<input type=\"search\" name=\"q\" value=\"France\"");
        france.ShouldContain($"1 relationship as of 2023-07-12. <span id=\"hidden-unknown\">{Silent.Length} more with every channel unknown hidden");

        var united = await app.Host.PageAsync("/?asOf=2023-07-12&q=united&sort=country");
        united.ShouldContain("3 relationships as of 2023-07-12.</p>");
        united.ShouldNotContain("id=\"hidden-unknown\"");
        OverviewPages.CountRows(united).ShouldBe(3);
        united.ShouldContain("data-relationship=\"ARE-FRA\"");
    }
}
