using System.Text;

namespace RelationsTracker.Imports;

/// <summary>The data sets the tracker can import.</summary>
public enum ImportFormat
{
    /// <summary>ICEWS events: tab-separated with a header row (Event ID, Event Date, Source Name, ...).</summary>
    Icews,

    /// <summary>GDELT 1.0 events: tab-separated, no header, 57 columns (backfile) or 58 (daily files, with SOURCEURL).</summary>
    Gdelt1,

    /// <summary>GDELT 2.0 events: tab-separated, no header, 61 columns (ADM2 codes after each ADM1 code).</summary>
    Gdelt2,

    /// <summary>PLOVER events as JSON lines (one event object per line).</summary>
    Plover,
}

/// <summary>The entry point of imports: detects a file's format and reads it into <see cref="ImportedRow"/>s.</summary>
public static class ImportFormats
{
    /// <summary>The reader of a format.</summary>
    public static IEngagementFileReader ReaderFor(ImportFormat format) => format switch
    {
        ImportFormat.Icews => new IcewsReader(),
        ImportFormat.Gdelt1 => new GdeltReader(GdeltLayout.Version1),
        ImportFormat.Gdelt2 => new GdeltReader(GdeltLayout.Version2),
        ImportFormat.Plover => new PloverReader(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an import format."),
    };

    /// <summary>
    /// The format of a file from its first non-blank line: an ICEWS header (it names "Event ID"), a JSON object (PLOVER),
    /// or a GDELT row by its number of tab-separated columns (57 or 58: GDELT 1.0; 61: GDELT 2.0).
    /// </summary>
    /// <exception cref="InvalidDataException">The line fits none of the formats; the message says what was seen.</exception>
    public static ImportFormat Detect(string firstLine)
    {
        var line = firstLine.AsSpan().TrimStart('\uFEFF').Trim();
        if (line.StartsWith('{'))
        {
            return ImportFormat.Plover;
        }

        var columns = line.Count('\t') + 1;
        if (columns > 1 && line.Contains("Event ID", StringComparison.OrdinalIgnoreCase))
        {
            return ImportFormat.Icews;
        }

        return columns switch
        {
            57 or 58 => ImportFormat.Gdelt1,
            61 => ImportFormat.Gdelt2,
            _ => throw new InvalidDataException(
                $"Unknown data set format: the first line has {columns} tab-separated column(s) and is neither an ICEWS header "
                + "(with \"Event ID\"), a PLOVER JSON object, a GDELT 1.0 row (57 or 58 columns) nor a GDELT 2.0 row (61 columns). "
                + "Give the format explicitly if it is one of these."),
        };
    }

    /// <summary>
    /// Reads a file in <paramref name="format"/>, or in the format detected from its first line when none is given.
    /// The stream is read as UTF-8 (a byte order mark is honoured) and is not closed.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty or its format is unknown (when detecting).</exception>
    public static IEnumerable<ImportedRow> Read(Stream stream, ImportFormat? format = null)
    {
        var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Read(reader, format);
    }

    /// <inheritdoc cref="Read(Stream, ImportFormat?)"/>
    public static IEnumerable<ImportedRow> Read(TextReader reader, ImportFormat? format = null)
    {
        if (format is { } given)
        {
            return ReaderFor(given).Read(reader);
        }

        var leadingBlankLines = 0;
        string? first;
        while ((first = reader.ReadLine()) is not null && string.IsNullOrWhiteSpace(first))
        {
            leadingBlankLines++;
        }

        if (first is null)
        {
            throw new InvalidDataException("The file is empty: there is no line to tell its format from.");
        }

        var replayed = string.Concat(Enumerable.Repeat("\n", leadingBlankLines)) + first + "\n";
        return ReaderFor(Detect(first)).Read(new ReplayingReader(replayed, reader));
    }

    /// <summary>Gives back the lines read to detect the format, then the rest of the file, so line numbers stay true.</summary>
    private sealed class ReplayingReader(string replayed, TextReader rest) : TextReader
    {
        private int position;

        public override string? ReadLine()
        {
            if (position >= replayed.Length)
            {
                return rest.ReadLine();
            }

            var end = replayed.IndexOf('\n', position);
            var line = replayed[position..end];
            position = end + 1;
            return line;
        }

        public override int Peek() => position < replayed.Length ? replayed[position] : rest.Peek();

        public override int Read() => position < replayed.Length ? replayed[position++] : rest.Read();
    }
}
