namespace RelationsTracker.Imports;

/// <summary>
/// Reads one data set format into engagements, row by row: streaming (one line in memory at a time, plus a bounded
/// window of recent visits), and with exactly one <see cref="ImportedRow"/> per data row, in file order.
/// </summary>
public interface IEngagementFileReader
{
    ImportFormat Format { get; }

    /// <summary>
    /// The outcome of every data row of <paramref name="reader"/> (blank lines are not rows). The enumeration is lazy
    /// and single-pass; each enumeration starts a new file (fresh visit pairing).
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be read in this format at all (an ICEWS header without
    /// the columns every row needs).</exception>
    IEnumerable<ImportedRow> Read(TextReader reader);
}
