using System.Security.Cryptography;
using System.Text;

namespace RelationsTracker.Alerts;

/// <summary>
/// The signature a receiver checks to know that a webhook's body comes from the tracker, unchanged: the hex
/// HMAC-SHA256 of the body's bytes, keyed with the watch's secret (UTF-8).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Relations-Signature";

    public static string Of(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
