using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RelationsTracker.Engagements;

public enum DatePrecision
{
    Day,
    Month,
    Year,
}

/// <summary>
/// A date known to the day, the month or only the year ("2023-07-12", "2023-07", "2023").
/// An imprecise date sorts at the start of its period: "2023-06" counts from 2023-06-01.
/// </summary>
[JsonConverter(typeof(OccurrenceDateJsonConverter))]
public readonly record struct OccurrenceDate : IComparable<OccurrenceDate>
{
    private OccurrenceDate(DateOnly start, DatePrecision precision)
    {
        Start = start;
        Precision = precision;
    }

    /// <summary>First day of the period; where the date sorts.</summary>
    public DateOnly Start { get; }

    public DatePrecision Precision { get; }

    public bool IsImprecise => Precision != DatePrecision.Day;

    /// <summary>Last day of the period.</summary>
    public DateOnly End => Precision switch
    {
        DatePrecision.Year => new DateOnly(Start.Year, 12, 31),
        DatePrecision.Month => new DateOnly(Start.Year, Start.Month, DateTime.DaysInMonth(Start.Year, Start.Month)),
        _ => Start,
    };

    public static OccurrenceDate Day(DateOnly day) => new(day, DatePrecision.Day);

    public static OccurrenceDate Parse(string text) =>
        TryParse(text, out var date, out var problem) ? date : throw new FormatException(problem);

    /// <summary>Parses YYYY-MM-DD, YYYY-MM or YYYY; says what is wrong otherwise.</summary>
    public static bool TryParse(string? text, out OccurrenceDate date, out string problem)
    {
        // Read in place: an import parses every row's date several times, and the pieces of a split were garbage.
        date = default;
        problem = string.Empty;
        var span = text.AsSpan().Trim();
        if (span.Length is not (4 or 7 or 10) || (span.Length > 4 && span[4] != '-') || (span.Length > 7 && span[7] != '-')
            || !Number(span, 0, 4, out var year) || !Number(span, 5, 2, out var month) || !Number(span, 8, 2, out var day))
        {
            problem = $"'{text}' is not a date: use YYYY-MM-DD, or YYYY-MM or YYYY when only that much is known.";
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = $"'{text}' is not a day of the calendar.";
            return false;
        }

        var precision = span.Length switch
        {
            4 => DatePrecision.Year,
            7 => DatePrecision.Month,
            _ => DatePrecision.Day,
        };
        date = new OccurrenceDate(new DateOnly(year, month, day), precision);
        return true;
    }

    /// <summary>The ASCII digits at <paramref name="start"/> as a number; 1 where the text ends before them (a part left out).</summary>
    private static bool Number(ReadOnlySpan<char> text, int start, int length, out int value)
    {
        value = 1;
        if (start >= text.Length)
        {
            return true;
        }

        // No sign, space or separator is allowed, and .NET reads only the ASCII digits as digits.
        return int.TryParse(text.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Words an analyst reads after the date when it is imprecise.</summary>
    public string PrecisionNote => Precision switch
    {
        DatePrecision.Month => " (date known only to the month)",
        DatePrecision.Year => " (date known only to the year)",
        _ => string.Empty,
    };

    public int CompareTo(OccurrenceDate other)
    {
        var byStart = Start.CompareTo(other.Start);
        // At the same start, the wider period sorts first: "2023-06" before "2023-06-01".
        return byStart != 0 ? byStart : other.Precision.CompareTo(Precision);
    }

    public override string ToString()
    {
        Span<char> text = stackalloc char[10];
        return new string(text[..Format(text)]);
    }

    /// <summary>Writes the date as <see cref="ToString"/> spells it into <paramref name="text"/> (10 characters at most).</summary>
    public int Format(Span<char> text)
    {
        var format = Precision switch
        {
            DatePrecision.Year => "yyyy",
            DatePrecision.Month => "yyyy-MM",
            _ => "yyyy-MM-dd",
        };
        return Start.TryFormat(text, out var written, format, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("A date takes 10 characters.", nameof(text));
    }
}

internal sealed class OccurrenceDateJsonConverter : JsonConverter<OccurrenceDate>
{
    public override OccurrenceDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        OccurrenceDate.TryParse(reader.GetString(), out var date, out var problem) ? date : throw new JsonException(problem);

    public override void Write(Utf8JsonWriter writer, OccurrenceDate value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[10];
        writer.WriteStringValue(text[..value.Format(text)]);
    }
}
