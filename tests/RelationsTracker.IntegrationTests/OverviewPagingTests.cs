using RelationsTracker.Engagements;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Listing;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The dashboard's overview pages with the listing: more relationships than a page hold go on to the next.</summary>
public sealed class OverviewPagingTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    [Fact]
    public async Task The_overview_shows_a_page_of_relationships_and_links_to_the_others()
    {
        var counterparts = Countries.All.Keys.Where(c => c != "USA").Order(StringComparer.Ordinal).Take(ListingPage.DefaultSize + 1).ToArray();
        var batch = counterparts.Select((c, i) => Submit.Meeting($"paging-{i:00}", "2023-06-18", "USA", c)).ToArray();
        await app.Host.PostJsonAsync("/api/engagements/batch", batch, 201);

        var first = await app.Host.PageAsync("/?asOf=2023-07-12&sort=country");
        first.ShouldContain($"{counterparts.Length} relationships as of 2023-07-12, page 1 of 2.");
        OverviewPages.CountRows(first).ShouldBe(ListingPage.DefaultSize);
        first.ShouldContain("rel=\"next\" href=\"/?sort=country&amp;asOf=2023-07-12&amp;page=2\"");
        first.ShouldNotContain("rel=\"prev\"");

        var second = await app.Host.PageAsync("/?asOf=2023-07-12&sort=country&page=2");
        OverviewPages.CountRows(second).ShouldBe(1);
        second.ShouldContain($"data-relationship=\"{RelationshipKey.For("USA", counterparts[^1])}\"");
        second.ShouldContain("rel=\"prev\" href=\"/?sort=country&amp;asOf=2023-07-12&amp;page=1\"");
    }
}
