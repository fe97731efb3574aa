using System.Xml.Linq;
using Alba;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>GET /api/changes, the Atom feed and the dashboard's recent changes.</summary>
public sealed class ChangeFeedTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.RecordAsync(Submit.Of("meeting", "usa-chn-mil", "2025-06-10"));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RecordAsync(Submit.Of("meeting", "usa-vnm-dip", "2025-06-16", sector: "diplomatic", b: "VNM"));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RecordAsync(Submit.Of("meeting", "fra-gbr-mil", "2025-06-17", a: "FRA", b: "GBR"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static IEnumerable<string> Relationships(System.Text.Json.Nodes.JsonNode page) =>
        page["changes"]!.AsArray().Select(c => (string)c!["relationship"]!);

    [Fact]
    public async Task The_changes_come_newest_first_filtered_and_paged()
    {
        Relationships(await app.Host.GetJsonAsync("/api/changes")).ShouldBe(["FRA-GBR", "USA-VNM", "CHN-USA"]);
        Relationships(await app.Host.GetJsonAsync("/api/changes?country=usa")).ShouldBe(["USA-VNM", "CHN-USA"]);
        Relationships(await app.Host.GetJsonAsync("/api/changes?relationship=USA-CHN")).ShouldBe(["CHN-USA"]);
        Relationships(await app.Host.GetJsonAsync("/api/changes?channel=military")).ShouldBe(["FRA-GBR", "CHN-USA"]);
        Relationships(await app.Host.GetJsonAsync("/api/changes?since=2025-06-17")).ShouldBe(["FRA-GBR", "USA-VNM"]);

        var first = await app.Host.GetJsonAsync("/api/changes?pageSize=2");
        Relationships(first).ShouldBe(["FRA-GBR", "USA-VNM"]);
        ((bool)first["hasMore"]!).ShouldBeTrue();
        var second = await app.Host.GetJsonAsync("/api/changes?pageSize=2&page=2");
        Relationships(second).ShouldBe(["CHN-USA"]);
        ((bool)second["hasMore"]!).ShouldBeFalse();
    }

    [Fact]
    public async Task A_wrong_filter_is_refused_naming_it()
    {
        var problem = await app.Host.GetJsonAsync("/api/changes?channel=naval&since=yesterday", 400);

        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["channel", "since"]);
    }

    [Fact]
    public async Task The_atom_feed_has_an_entry_per_change_linking_to_the_relationship_as_of_its_day()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/feeds/changes.atom?country=USA");
            s.ContentTypeShouldBe("application/atom+xml; charset=utf-8");
        });
        var feed = XDocument.Parse(await result.ReadAsTextAsync());

        var entries = feed.Root!.Elements(Atom + "entry").ToList();
        entries.Count.ShouldBe(2);
        entries[0].Element(Atom + "title")!.Value.ShouldBe("USA-VNM diplomatic: unknown → open (recorded)");
        entries[1].Element(Atom + "link")!.Attribute("href")!.Value.ShouldEndWith("/relationships/CHN-USA?asOf=2025-06-16");
        entries.Select(e => e.Element(Atom + "id")!.Value).ShouldAllBe(id => id.StartsWith("urn:uuid:"));
    }

    [Fact]
    public async Task The_overview_lists_the_recent_changes_with_links_to_the_relationships()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/"));
        var html = await result.ReadAsTextAsync();

        var panel = html[html.IndexOf("<section id=\"recent-changes\"", StringComparison.Ordinal)..];
        panel.ShouldContain("<a href=\"/relationships/FRA-GBR?asOf=2025-06-18\">FRA-GBR military: unknown → open (recorded)</a>");
        panel.IndexOf("FRA-GBR", StringComparison.Ordinal).ShouldBeLessThan(panel.IndexOf("CHN-USA", StringComparison.Ordinal));
    }
}
