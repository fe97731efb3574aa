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
        DatePrecision.Year => Start.AddYears(1).AddDays(-1),
        DatePrecision.Month => Start.AddMonths(1).AddDays(-1),
        _ => Start,
    };

    public static OccurrenceDate Day(DateOnly day) => new(day, DatePrecision.Day);

    public static OccurrenceDate Parse(string text) =>
        TryParse(text, out var date, out var problem) ? date : throw new FormatException(problem);

    /// <summary>Parses YYYY-MM-DD, YYYY-MM or YYYY; says what is wrong otherwise.</summary>
    public static bool TryParse(string? text, out OccurrenceDate date, out string problem)
    {
        date = default;
        problem = string.Empty;
        var parts = (text ?? string.Empty).Trim().Split('-');
        if (parts.Length is < 1 or > 3 || parts[0].Length != 4 || parts.Skip(1).Any(p => p.Length != 2)
            || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            problem = $"'{text}' is not a date: use YYYY-MM-DD, or YYYY-MM or YYYY when only that much is known.";
            return false;
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var year = numbers[0];
        var month = numbers.Length > 1 ? numbers[1] : 1;
        var day = numbers.Length > 2 ? numbers[2] : 1;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = $"'{text}' is not a day of the calendar.";
            return false;
        }

        var precision = numbers.Length switch
        {
            1 => DatePrecision.Year,
            2 => DatePrecision.Month,
            _ => DatePrecision.Day,
        };
        date = new OccurrenceDate(new DateOnly(year, month, day), precision);
        return true;
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

    public override string ToString() => Precision switch
    {
        DatePrecision.Year => Start.ToString("yyyy", CultureInfo.InvariantCulture),
        DatePrecision.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}

internal sealed class OccurrenceDateJsonConverter : JsonConverter<OccurrenceDate>
{
    public override OccurrenceDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        OccurrenceDate.TryParse(reader.GetString(), out var date, out var problem) ? date : throw new JsonException(problem);

    public override void Write(Utf8JsonWriter writer, OccurrenceDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
