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
        var from = asOf.AddDays(1 - days);
        var coded = known
            .Where(e => e.Coding is not null && e.KnownFrom.Start >= from && e.KnownFrom.Start <= asOf)
            .Select(e => e.Coding!)
            .ToList();
        int Count(QuadClass quad) => coded.Count(c => c.QuadClass == quad);
        return new TemperatureWindow(
            days,
            from,
            asOf,
            coded.Count,
            coded.Count == 0 ? null : Math.Round(coded.Average(c => c.Goldstein), 2),
            new QuadClassCounts(
                Count(QuadClass.VerbalCooperation),
                Count(QuadClass.MaterialCooperation),
                Count(QuadClass.VerbalConflict),
                Count(QuadClass.MaterialConflict)));
    }
}

public sealed record TemperatureWindow(int Days, DateOnly From, DateOnly To, int Count, double? MeanGoldstein, QuadClassCounts ByQuadClass);

public sealed record QuadClassCounts(int VerbalCooperation, int MaterialCooperation, int VerbalConflict, int MaterialConflict);
