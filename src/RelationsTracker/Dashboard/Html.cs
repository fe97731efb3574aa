using System.Globalization;
using System.Net;

namespace RelationsTracker.Dashboard;

/// <summary>Writing HTML and SVG text safely: every value from the store is encoded, every number and day invariant.</summary>
public static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
