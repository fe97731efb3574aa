namespace RelationsTracker.Dashboard;

/// <summary>
/// A page of the relationship page's table of engagements: page 1 holds the latest <see cref="Rows"/>, page 2 the ones
/// before them, and so on; each page in date order. A large relationship's engagements all on one page made a page
/// too large to load.
/// </summary>
/// <param name="Number">The page, from 1 (the latest engagements).</param>
/// <param name="Count">How many pages the relationship's engagements fill (at least 1).</param>
/// <param name="Start">Index, in the date-ordered engagements, of the page's first row.</param>
/// <param name="Length">How many rows the page has.</param>
public sealed record EngagementTablePage(int Number, int Count, int Start, int Length)
{
    public const int Rows = 100;

    /// <summary>How many pages <paramref name="engagements"/> engagements fill.</summary>
    public static int CountFor(int engagements) => Math.Max(1, (engagements + Rows - 1) / Rows);

    /// <summary>Page <paramref name="number"/> (from 1 to <see cref="CountFor"/>) of <paramref name="engagements"/> engagements.</summary>
    public static EngagementTablePage Of(int engagements, int number)
    {
        var count = CountFor(engagements);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, count);
        var end = engagements - ((number - 1) * Rows);
        var start = Math.Max(0, end - Rows);
        return new EngagementTablePage(number, count, start, end - start);
    }

    /// <summary>The page that shows the engagement at <paramref name="index"/> of <paramref name="engagements"/>.</summary>
    public static int NumberOf(int engagements, int index) => ((engagements - 1 - index) / Rows) + 1;

    public bool Shows(int index) => index >= Start && index < Start + Length;
}
