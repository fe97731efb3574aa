using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
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
    [InlineData("2023-7-12")]
    [InlineData("2023-07-1")]
    [InlineData("2023-07-")]
    [InlineData("0000")]
    [InlineData("\u0662\u0660\u0662\u0663")]
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

    [Fact]
    public void A_date_is_read_exactly_when_it_is_four_two_and_two_ASCII_digits_that_name_a_day_of_the_calendar()
    {
        var shape = new Regex("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", RegexOptions.CultureInvariant);
        var texts = Gen.OneOf(
            Gen.Char["0123456789- /x\u0663"].Array[0, 12].Select(chars => new string(chars)),
            Gen.Int[0, 9999].Select(Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 3], (year, month, day, parts) => parts switch
            {
                0 => $" {year:D4}",
                1 => $"{year:D4}-{month:D2}",
                _ => $"{year:D4}-{month:D2}-{day:D2} ",
            }));

        texts.Sample(text =>
        {
            var trimmed = text.Trim();
            var numbers = trimmed.Split('-').Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
            var isDay = shape.IsMatch(trimmed) && numbers[0] >= 1
                && (numbers.Length < 2 || numbers[1] is >= 1 and <= 12)
                && (numbers.Length < 3 || (numbers[2] >= 1 && numbers[2] <= DateTime.DaysInMonth(numbers[0], numbers[1])));

            OccurrenceDate.TryParse(text, out var date, out var problem).ShouldBe(isDay, text);
            if (isDay)
            {
                date.ToString().ShouldBe(trimmed);
            }
            else
            {
                problem.ShouldContain(text);
            }
        });
    }
}
