using RelationsTracker.Engagements;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

public sealed class OccurrenceDateTests
{
    [Theory]
    [InlineData("2023-07-12", "2023-07-12", "2023-07-12", DatePrecision.Day)]
    [InlineData("2023-06", "2023-06-01", "2023-06-30", DatePrecision.Month)]
    [InlineData("2024-02", "2024-02-01", "2024-02-29", DatePrecision.Month)]
    [InlineData("2023", "2023-01-01", "2023-12-31", DatePrecision.Year)]
    public void An_imprecise_date_covers_its_period_and_sorts_at_its_start(string text, string start, string end, DatePrecision precision)
    {
        var date = OccurrenceDate.Parse(text);

        date.Start.ShouldBe(Build.Day(start));
        date.End.ShouldBe(Build.Day(end));
        date.Precision.ShouldBe(precision);
        date.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("2023-02-30")]
    [InlineData("2023-13")]
    [InlineData("23-07-12")]
    [InlineData("2023/07/12")]
    [InlineData("July 2023")]
    [InlineData("")]
    public void Malformed_or_impossible_dates_are_refused_with_a_reason(string text)
    {
        OccurrenceDate.TryParse(text, out _, out var problem).ShouldBeFalse();
        problem.ShouldContain(text);
    }

    [Fact]
    public void A_month_sorts_before_the_first_day_of_that_month_and_after_the_day_before()
    {
        var dates = new[] { "2023-06-01", "2023-06", "2023-05-31", "2023" }.Select(OccurrenceDate.Parse).Order().Select(d => d.ToString());

        dates.ShouldBe(["2023", "2023-05-31", "2023-06", "2023-06-01"]);
    }
}
