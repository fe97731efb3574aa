using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RelationsTracker.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the stored keys' hashes, or the configured bootstrap
/// admin key. A request without a key is anonymous; a key that is unknown, malformed or revoked fails.
/// </summary>
public sealed class AccessKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    IOptions<AccessSettings> settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessKey";

    /// <summary>The name the bootstrap admin key is known by.</summary>
    public const string BootstrapName = "bootstrap";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = BearerToken(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (IsBootstrapKey(presented, settings.Value.BootstrapAdminKey))
        {
            return Success(BootstrapName, AccessRoles.Admin);
        }

        if (AccessKey.IdOf(presented) is { } id)
        {
            await using var session = store.QuerySession();
            var key = await session.LoadAsync<AccessKey>(id, Context.RequestAborted);
            if (key is { IsActive: true } && key.Matches(presented))
            {
                return Success(key.Name, key.Role);
            }
        }

        return AuthenticateResult.Fail("The key is unknown or revoked.");
    }

    /// <summary>The bearer token of the request's Authorization header, if it has one.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string bearer = "Bearer ";
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && header.Length > bearer.Length
            ? header[bearer.Length..].Trim()
            : null;
    }

    private static bool IsBootstrapKey(string presented, string? bootstrap) =>
        !string.IsNullOrEmpty(bootstrap)
        && CryptographicOperations.FixedTimeEquals(AccessKey.HashOf(presented), AccessKey.HashOf(bootstrap));

    private AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
