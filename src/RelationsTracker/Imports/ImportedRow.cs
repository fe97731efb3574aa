using RelationsTracker.Contracts;

namespace RelationsTracker.Imports;

/// <summary>
/// What became of one data row of an imported file: exactly one per row, so that a whole file can be accounted for.
/// </summary>
/// <param name="Line">The row's line number in the file (1 = the first line, header included).</param>
public abstract record ImportedRow(long Line)
{
    /// <summary>The row describes an engagement between two countries; submit it as it is.</summary>
    public sealed record Accepted(long Line, RecordEngagement Engagement) : ImportedRow(Line);

    /// <summary>The row is not imported; <paramref name="Detail"/> names the line and the value at fault.</summary>
    public sealed record Skipped(long Line, SkipReason Reason, string Detail) : ImportedRow(Line);
}

/// <summary>Why a row of a data set is not imported.</summary>
public enum SkipReason
{
    /// <summary>The row cannot be read at all: wrong number of columns, broken JSON, an over-long id.</summary>
    Malformed,

    /// <summary>The event date is missing or is not a day of the calendar.</summary>
    UnparseableDate,

    /// <summary>The event code is missing or is not in the CAMEO table (or, for PLOVER, not a PLOVER event type).</summary>
    UnparseableCode,

    /// <summary>A side has no country: a non-state or unidentified actor.</summary>
    MissingCountry,

    /// <summary>A side's country is not an ISO 3166-1 country (a region, a former country, a misspelling).</summary>
    UnknownCountry,

    /// <summary>Both sides are the same country: domestic politics, not a relationship between two countries.</summary>
    Domestic,

    /// <summary>The row repeats an engagement already read from the same file (the other half of a visit pair).</summary>
    Duplicate,
}
