using System.Globalization;
using System.Net;

namespace RelationsTracker.Dashboard;

/// <summary>Writing HTML and SVG text safely: every value from the store is encoded, every number and day invariant.</summary>
public static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The address to link to, when it is an absolute http(s) URL; intake already refuses others, and a page never
    /// links a script address whatever the store holds.
    /// </summary>
    public static string? WebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url
            : null;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
