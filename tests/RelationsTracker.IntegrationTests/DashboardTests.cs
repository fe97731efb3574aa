using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The dashboard in a real browser (Chromium) against the real server, loaded with the seed scenario.</summary>
public sealed class DashboardTests(DashboardBrowser browser) : IClassFixture<DashboardBrowser>
{
    private static ILocator Badge(IPage page, string row, string channel) =>
        page.Locator($"{row} [data-channel=\"{channel}\"] .badge");

    [Fact]
    public async Task The_overview_shows_each_channel_of_US_China_as_of_2023_07_12_as_a_badge()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/?asOf=2023-07-12");

        var row = "tr[data-relationship=\"CHN-USA\"]";
        (await Badge(page, row, "military").TextContentAsync()).ShouldBe("stalled");
        (await Badge(page, row, "diplomatic").TextContentAsync()).ShouldBe("open");
        (await Badge(page, row, "economic").TextContentAsync()).ShouldBe("open");
        (await Badge(page, row, "climate").TextContentAsync()).ShouldBe("unknown");
        (await Badge(page, row, "military").GetAttributeAsync("class")).ShouldBe("badge status-stalled");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("en");
        await DashboardBrowser.ScreenshotAsync(page, "overview-2023-07-12");
    }

    [Fact]
    public async Task The_overview_filters_by_channel_and_status_through_its_form()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/?asOf=2023-07-12");

        await page.GetByLabel("Channel").SelectOptionAsync("military");
        await page.GetByLabel("Status").SelectOptionAsync("suspended");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        // Web-first assertions poll the page as it arrives; waiting for the navigation's load event raced with it.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=suspended"));
        await Assertions.Expect(page.Locator("#overview-count")).ToHaveTextAsync("0 relationships as of 2023-07-12.");
        await Assertions.Expect(page.Locator("tr[data-relationship]")).ToHaveCountAsync(0);

        await page.GetByLabel("Status").SelectOptionAsync("stalled");
        await page.GetByLabel("Country").SelectOptionAsync("CHN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=stalled"));
        await Assertions.Expect(page.Locator("#overview-count")).ToHaveTextAsync("1 relationship as of 2023-07-12.");
        await Assertions.Expect(page.Locator("tr[data-relationship]")).ToHaveCountAsync(1);
        (await page.Locator("tr[data-relationship=\"CHN-USA\"] a").GetAttributeAsync("href")).ShouldBe("/relationships/CHN-USA?asOf=2023-07-12");
    }

    [Fact]
    public async Task The_relationship_page_charts_a_lane_per_channel_with_its_status_bands_and_engagements()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/relationships/USA-CHN?asOf=2023-07-12");

        (await page.Locator("svg#timeline g.lane").CountAsync()).ShouldBe(6);
        (await page.Locator("g.lane[data-channel=\"military\"] g.band").First.GetAttributeAsync("data-status")).ShouldBe("stalled");
        (await page.Locator("g.lane[data-channel=\"diplomatic\"] g.band").First.GetAttributeAsync("data-status")).ShouldBe("open");

        var rebuff = page.Locator("a.marker[data-source-id=\"seed-2023-06-singapore-rebuff\"]");
        (await rebuff.GetAttributeAsync("data-kind")).ShouldBe("rebuff");
        var tooltip = (await rebuff.Locator("title").TextContentAsync()).ShouldNotBeNull();
        tooltip.ShouldContain("2023-06");
        tooltip.ShouldContain("Li Shangfu");
        tooltip.ShouldContain("rebuffed");
        (await rebuff.GetAttributeAsync("href")).ShouldBe("#engagement-seed-2023-06-singapore-rebuff");

        var withSource = page.Locator($"a.marker[data-source-id=\"{DashboardBrowser.KerryXieMeeting.SourceId}\"]");
        (await withSource.GetAttributeAsync("href")).ShouldBe(DashboardBrowser.KerryXieMeeting.Source!.Url);
        (await withSource.Locator("title").TextContentAsync()).ShouldNotBeNull().ShouldContain("John Kerry");

        (await page.Locator("svg#timeline g.temperature polyline").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#engagements tbody tr").CountAsync()).ShouldBe(9);
        (await page.Locator("#engagements a[href=\"https://example.org/2023/07/17/kerry-xie-beijing\"]").CountAsync()).ShouldBe(1);
        await DashboardBrowser.ScreenshotAsync(page, "relationship-CHN-USA-2023-07-12");
    }

    [Fact]
    public async Task Moving_the_slider_by_keyboard_before_June_2023_replays_the_military_channel_as_unknown()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/relationships/CHN-USA?asOf=2023-07-12");
        var military = Badge(page, "#channels", "military");
        (await military.TextContentAsync()).ShouldBe("stalled");

        // Home takes the slider to the first day of the chart, before the first engagement (June 2023).
        var slider = page.GetByRole(AriaRole.Slider, new() { Name = "As of" });
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("Home");

        await Assertions.Expect(military).ToHaveTextAsync("unknown");
        await Assertions.Expect(Badge(page, "#channels", "diplomatic")).ToHaveTextAsync("unknown");
        var day = (await page.Locator("#as-of-output").TextContentAsync()).ShouldNotBeNull();
        string.CompareOrdinal(day, "2023-06-01").ShouldBeLessThan(0);
        (await page.Locator("#as-of-heading").TextContentAsync()).ShouldBe(day);
        (await military.GetAttributeAsync("class")).ShouldBe("badge status-unknown");
        await DashboardBrowser.ScreenshotAsync(page, "relationship-CHN-USA-replayed-before-June-2023");

        // Back to the day the page was opened for: the state of that day again.
        await slider.FillAsync((await slider.GetAttributeAsync("max"))!);
        await Assertions.Expect(Badge(page, "#channels", "climate")).ToHaveTextAsync("open");
    }

    [Theory]
    [InlineData("/?asOf=2023-07-12")]
    [InlineData("/relationships/CHN-USA?asOf=2023-07-12")]
    public async Task The_pages_pass_the_axe_accessibility_rules(string url)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(url);

        var results = await page.RunAxe();

        results.Passes.ShouldNotBeEmpty();
        results.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pair_with_nothing_on_record_is_a_page_that_says_so()
    {
        var page = await browser.NewPageAsync();
        var answer = await page.GotoAsync("/relationships/FRA-DEU");

        answer.ShouldNotBeNull().Status.ShouldBe(404);
        (await page.Locator("p.error").TextContentAsync()).ShouldNotBeNull().ShouldContain("DEU and FRA");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("latest")]
    public async Task A_page_of_engagements_that_the_relationship_does_not_have_is_refused_naming_the_page(string number)
    {
        var page = await browser.NewPageAsync();
        var answer = await page.GotoAsync($"/relationships/CHN-USA?asOf=2023-07-12&page={number}");

        answer.ShouldNotBeNull().Status.ShouldBe(400);
        (await page.Locator("p.error").TextContentAsync()).ShouldBe($"page: '{number}' is not a whole number from 1 to 1.");
    }

    [Fact]
    public async Task A_long_relationship_draws_bars_and_shared_bands_and_pages_its_engagements_the_latest_first()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/relationships/KOR-JPN?asOf=2021-01-01");

        (await page.Locator("a.marker.cluster").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("g.lane[data-channel=\"military\"] g.band[data-intervals]").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#engagements tbody tr").CountAsync()).ShouldBe(100);
        (await page.Locator("#engagements tbody tr").First.GetAttributeAsync("id")).ShouldBe("engagement-long-1900");
        await DashboardBrowser.ScreenshotAsync(page, "relationship-JPN-KOR-long");

        await page.GetByRole(AriaRole.Link, new() { Name = "Earlier engagements" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("page=2"));
        await Assertions.Expect(page.Locator("#engagements tbody tr").First).ToHaveIdAsync("engagement-long-1800");
        await Assertions.Expect(page.Locator("#engagements tbody tr")).ToHaveCountAsync(100);

        var results = await page.RunAxe();
        results.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_overview_pages_through_more_relationships_than_a_page_holds()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/?asOf=2023-07-12&sort=country");

        var total = DashboardBrowser.FranceMeetings.Count + 2;
        await Assertions.Expect(page.Locator("#overview-count")).ToHaveTextAsync($"{total} relationships as of 2023-07-12, page 1 of 2.");
        await Assertions.Expect(page.Locator("tr[data-relationship]")).ToHaveCountAsync(50);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("page=2"));
        await Assertions.Expect(page.Locator("#overview-count")).ToHaveTextAsync($"{total} relationships as of 2023-07-12, page 2 of 2.");
        await Assertions.Expect(page.Locator("tr[data-relationship]")).ToHaveCountAsync(total - 50);
        await Assertions.Expect(page.Locator("tr[data-relationship=\"JPN-KOR\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous page" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_overview_searches_by_country_name_through_its_form()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/?asOf=2023-07-12");

        await page.GetByLabel("Search by name").FillAsync("korea");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=korea"));
        await Assertions.Expect(page.Locator("#overview-count")).ToHaveTextAsync("1 relationship as of 2023-07-12.");
        await Assertions.Expect(page.Locator("tr[data-relationship]")).ToHaveAttributeAsync("data-relationship", "JPN-KOR");

        await page.GetByLabel("Search by name").FillAsync("CHINA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=CHINA"));
        await Assertions.Expect(page.Locator("tr[data-relationship]")).ToHaveAttributeAsync("data-relationship", "CHN-USA");
    }

    [Fact]
    public async Task The_chart_zooms_to_the_period_chosen_and_back_to_the_whole_history()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/relationships/KOR-JPN?asOf=2021-01-01");
        var title = page.Locator("#timeline-title");
        await Assertions.Expect(title).ToHaveTextAsync("Timeline of JPN–KOR, 2018-06-22 to 2021-01-01");
        await Assertions.Expect(page.Locator("#engagement-span")).ToContainTextAsync("2,000 engagements on record, 2015-01-01 to 2020-06-22.");

        await page.GetByLabel("Chart from").FillAsync("2016-01-01");
        await page.GetByLabel("Chart to").FillAsync("2016-03-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chart" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("from=2016-01-01&to=2016-03-31"));
        await Assertions.Expect(title).ToHaveTextAsync("Timeline of JPN–KOR, 2016-01-01 to 2016-03-31");
        // Three months are wide enough to draw a marker a day: one on each side of the period, none beyond it.
        await Assertions.Expect(page.Locator("a.marker[data-source-id=\"long-365\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("a.marker[data-source-id=\"long-455\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("a.marker[data-source-id=\"long-456\"]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#as-of-output")).ToHaveTextAsync("2016-03-31");
        await DashboardBrowser.ScreenshotAsync(page, "relationship-JPN-KOR-2016-Q1");

        // The page is now as of the period's last day, which the whole history takes in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Whole history" }).ClickAsync();
        await Assertions.Expect(title).ToHaveTextAsync("Timeline of JPN–KOR, 2014-12-18 to 2020-07-06");
        await Assertions.Expect(page.Locator("#as-of-output")).ToHaveTextAsync("2016-03-31");
    }

    [Fact]
    public async Task Engagements_not_yet_known_on_the_day_are_faded_until_the_slider_reaches_them()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/relationships/CHN-USA?asOf=2023-07-12");
        var assessment = page.Locator("a.marker[data-source-id=\"seed-2023-07-13-military-stalled-assessment\"]");
        var pentagon = page.Locator("g.lane[data-channel=\"military\"] ~ a.marker.related[data-source-id=\"seed-2023-07-12-xie-ratner-pentagon\"]");

        await Assertions.Expect(assessment).ToHaveClassAsync("marker future");
        await Assertions.Expect(pentagon).ToHaveClassAsync("marker related");
        await Assertions.Expect(page.Locator("#channels tr[data-channel=\"military\"] .related-contacts")).ToContainTextAsync("seed-2023-07-12-xie-ratner-pentagon");

        var slider = page.GetByRole(AriaRole.Slider, new() { Name = "As of" });
        await slider.FillAsync((await slider.GetAttributeAsync("max"))!);
        await Assertions.Expect(assessment).ToHaveClassAsync("marker");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Whole history" })).ToHaveAttributeAsync("href", new Regex("asOf=2023-08-14"));

        await slider.FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(pentagon).ToHaveClassAsync("marker related future");
        await Assertions.Expect(page.Locator("#channels tr[data-channel=\"military\"] .related-contacts")).ToHaveTextAsync("Related contacts: none");
    }

    [Theory]
    [InlineData("/?asOf=2023-07-12&channel=military", "relationship,channel,status,since")]
    [InlineData("/relationships/CHN-USA?asOf=2023-07-12", "sourceId,occurredOn,kind,channel,initiator,counterpart,summary,publisher,url")]
    public async Task The_csv_links_download_a_file_with_a_header_row(string url, string header)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(url);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-csv").ClickAsync());

        download.SuggestedFilename.ShouldEndWith(".csv");
        var lines = await File.ReadAllLinesAsync((await download.PathAsync())!);
        lines[0].ShouldBe(header);
        lines.Length.ShouldBeGreaterThan(1);
    }
}
