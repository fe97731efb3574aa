using CsCheck;
using RelationsTracker.Dashboard;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Dashboard;

public sealed class EngagementTablePageTests
{
    [Theory]
    [InlineData(250, 1, 3, 150, 100)]
    [InlineData(250, 2, 3, 50, 100)]
    [InlineData(250, 3, 3, 0, 50)]
    [InlineData(100, 1, 1, 0, 100)]
    [InlineData(1, 1, 1, 0, 1)]
    public void Page_one_holds_the_latest_engagements_and_the_last_page_the_first_ones(int engagements, int number, int count, int start, int length) =>
        EngagementTablePage.Of(engagements, number).ShouldBe(new EngagementTablePage(number, count, start, length));

    [Fact]
    public void A_page_past_the_last_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => EngagementTablePage.Of(250, 4));

    [Fact]
    public void Every_engagement_is_on_exactly_one_page_the_one_its_markers_link_to() =>
        Gen.Int[1, 1_000].SelectMany(n => Gen.Int[0, n - 1].Select(index => (n, index))).Sample((n, index) =>
        {
            var pages = Enumerable.Range(1, EngagementTablePage.CountFor(n)).Select(number => EngagementTablePage.Of(n, number)).ToList();

            pages.Where(page => page.Shows(index)).Select(page => page.Number).ShouldBe([EngagementTablePage.NumberOf(n, index)]);
            pages.Sum(page => page.Length).ShouldBe(n);
        });
}
