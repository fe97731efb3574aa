using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>How warm the relationship has been: mean Goldstein score and counts per quad class before a date.</summary>
public sealed record Temperature(IReadOnlyList<TemperatureWindow> Windows)
{
    public static readonly int[] WindowDays = [30, 90, 365];

    /// <summary>Over the 30, 90 and 365 days up to and including <paramref name="asOf"/>.</summary>
    public static Temperature At(IReadOnlyList<Engagement> known, DateOnly asOf) =>
        new(WindowDays.Select(days => Window(known, asOf, days)).ToList());

    private static TemperatureWindow Window(IReadOnlyList<Engagement> known, DateOnly asOf, int days)
    {
        var from = asOf.AddDaysWithinCalendar(1 - days);
        var coded = known
            .Where(e => e.Coding is not null && e.KnownFrom.Start >= from && e.KnownFrom.Start <= asOf)
            .Select(e => e.Coding!)
            .ToList();
        int Count(QuadClass quad) => coded.Count(c => c.QuadClass == quad);
        return TemperatureWindow.Of(
            days,
            from,
            asOf,
            coded.Sum(c => (decimal)c.Goldstein),
            new QuadClassCounts(
                Count(QuadClass.VerbalCooperation),
                Count(QuadClass.MaterialCooperation),
                Count(QuadClass.VerbalConflict),
                Count(QuadClass.MaterialConflict)));
    }
}

public sealed record TemperatureWindow(int Days, DateOnly From, DateOnly To, int Count, double? MeanGoldstein, QuadClassCounts ByQuadClass)
{
    /// <summary>
    /// Sums are decimal so that a mean computed from running totals and one summed directly are the same to the
    /// last digit (scores are given to one or two decimals).
    /// </summary>
    internal static TemperatureWindow Of(int days, DateOnly from, DateOnly to, decimal goldsteinSum, QuadClassCounts counts)
    {
        var count = counts.VerbalCooperation + counts.MaterialCooperation + counts.VerbalConflict + counts.MaterialConflict;
        return new TemperatureWindow(days, from, to, count, Mean(goldsteinSum, count), counts);
    }

    /// <summary>The mean score to two decimals, or null when nothing was scored.</summary>
    internal static double? Mean(decimal goldsteinSum, int count) =>
        // Scores that cancel out can leave a negative zero, which would read "-0".
        count == 0 ? null : (double)Math.Round(goldsteinSum / count, 2, MidpointRounding.AwayFromZero) + 0.0;
}

public sealed record QuadClassCounts(int VerbalCooperation, int MaterialCooperation, int VerbalConflict, int MaterialConflict);
