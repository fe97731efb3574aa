using System.Security.Cryptography;
using System.Text;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>Small pure conversions shared by the readers: dates, lengths, URLs, tab-separated fields.</summary>
internal static class ImportText
{
    /// <summary>
    /// Splits a tab-separated line into <paramref name="fields"/> without allocating; returns the number of columns, or
    /// <c>fields.Length</c> when there are at least that many (more than any layout has). Neither ICEWS nor GDELT quotes
    /// its fields, so a plain split is exact; it is also several times faster than a CSV parser (CsvHelper would treat a
    /// stray quote in an actor name as the start of a quoted field).
    /// </summary>
    public static int SplitTabs(ReadOnlySpan<char> line, Span<Range> fields) => line.Split(fields, '\t');

    /// <summary>A field, or null when it is empty (or, with <paramref name="naIsMissing"/>, the ICEWS "NA").</summary>
    public static string? Text(ReadOnlySpan<char> value, int maxLength, bool naIsMissing = false)
    {
        value = value.Trim();
        if (value.IsEmpty || (naIsMissing && value.SequenceEqual("NA")))
        {
            return null;
        }

        return value.Length > maxLength ? value[..maxLength].TrimEnd().ToString() : value.ToString();
    }

    /// <summary>Cuts a text to the contract's length limit.</summary>
    public static string? Limit(string? text, int maxLength)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > maxLength ? trimmed[..maxLength].TrimEnd() : trimmed;
    }

    /// <summary>The URL when it is an absolute http(s) URL the contract accepts, else null.</summary>
    public static string? HttpUrl(string? url) =>
        url is { Length: > 0 and <= EngagementValidator.MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url
            : null;

    /// <summary>GDELT's YYYYMMDD (the first eight digits of a longer timestamp too) as YYYY-MM-DD.</summary>
    public static string? CompactDate(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        return value.Length >= 8 && TryNumber(value[..4], out var year) && TryNumber(value[4..6], out var month) && TryNumber(value[6..8], out var day)
            ? Day(year, month, day)
            : null;
    }

    /// <summary>ICEWS dates: YYYY-MM-DD, or M/D/YYYY in one older yearly file.</summary>
    public static string? IcewsDate(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length == 10 && value[4] == '-' && value[7] == '-')
        {
            return TryNumber(value[..4], out var year) && TryNumber(value[5..7], out var month) && TryNumber(value[8..], out var day)
                ? Day(year, month, day)
                : null;
        }

        var firstSlash = value.IndexOf('/');
        var lastSlash = value.LastIndexOf('/');
        return firstSlash > 0 && lastSlash > firstSlash
            && TryNumber(value[..firstSlash], out var m) && TryNumber(value[(firstSlash + 1)..lastSlash], out var d)
            && value.Length - lastSlash - 1 == 4 && TryNumber(value[(lastSlash + 1)..], out var y)
                ? Day(y, m, d)
                : null;
    }

    /// <summary>PLOVER's YYYY-MM-DD.</summary>
    public static string? IsoDate(string? value) =>
        value is { Length: 10 } && value[4] == '-' && value[7] == '-' ? IcewsDate(value) : null;

    /// <summary>A short, stable digest of a text (a source URL) to keep an id within the contract's 200 characters.</summary>
    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string? Day(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? string.Create(10, (year, month, day), static (chars, date) =>
            {
                date.year.TryFormat(chars[..4], out _, "D4", System.Globalization.CultureInfo.InvariantCulture);
                chars[4] = '-';
                date.month.TryFormat(chars[5..7], out _, "D2", System.Globalization.CultureInfo.InvariantCulture);
                chars[7] = '-';
                date.day.TryFormat(chars[8..], out _, "D2", System.Globalization.CultureInfo.InvariantCulture);
            })
            : null;

    private static bool TryNumber(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        if (digits.IsEmpty || digits.Length > 4)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }
}
