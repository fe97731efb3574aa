using System.Globalization;

namespace RelationsTracker.Engagements;

/// <summary>
/// The days the tracker records and answers about: from 1800-01-01, before any data set the field uses, to 50 years
/// after today, as far as anyone plans a meeting. Engagements that occurred are further bounded by today.
/// </summary>
public static class DateBounds
{
    public const int YearsAhead = 50;

    public static readonly DateOnly Earliest = new(1800, 1, 1);

    /// <summary>50 years after today, or the calendar's last day for a "today" closer to it than that.</summary>
    public static DateOnly Latest(DateOnly today) =>
        today.Year > DateOnly.MaxValue.Year - YearsAhead ? DateOnly.MaxValue : today.AddYears(YearsAhead);

    public static bool Within(DateOnly day, DateOnly today) => day >= Earliest && day <= Latest(today);

    /// <summary>Why a day is refused, for a problem that names its field.</summary>
    public static string OutOfBounds(string given, DateOnly today) => string.Create(
        CultureInfo.InvariantCulture,
        $"'{given}' is out of bounds: dates run from {Earliest:yyyy-MM-dd} to {Latest(today):yyyy-MM-dd} ({YearsAhead} years after today).");

    /// <summary>
    /// Day arithmetic that stops at the ends of the calendar: engagements stored before the bounds existed may lie
    /// there, and a read must still answer.
    /// </summary>
    public static DateOnly AddDaysWithinCalendar(this DateOnly day, int days)
    {
        var number = (long)day.DayNumber + days;
        return DateOnly.FromDayNumber((int)Math.Clamp(number, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));
    }
}
