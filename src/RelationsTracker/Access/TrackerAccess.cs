using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace RelationsTracker.Access;

/// <summary>
/// Who may do what, wired with ASP.NET Core's own authentication (keys and, when configured, an identity provider's
/// JWTs), authorization policies (reads, writes, administration) and rate limiter.
/// </summary>
public static class TrackerAccess
{
    /// <summary>Chooses, per request, the key handler or the JWT handler.</summary>
    private const string BearerScheme = "KeyOrToken";

    public static IServiceCollection AddTrackerAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AccessSettings.Section);
        services.Configure<AccessSettings>(section);
        var settings = section.Get<AccessSettings>() ?? new AccessSettings();

        var authentication = services.AddAuthentication(BearerScheme)
            .AddPolicyScheme(BearerScheme, "Key or token", scheme => scheme.ForwardDefaultSelector = context =>
                settings.Jwt.IsConfigured && LooksLikeJwt(context.Request) ? JwtBearerDefaults.AuthenticationScheme : AccessKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessKeyAuthentication>(AccessKeyAuthentication.SchemeName, null);
        if (settings.Jwt.IsConfigured)
        {
            authentication.AddJwtBearer(jwt =>
            {
                jwt.Authority = settings.Jwt.Authority;
                jwt.Audience = settings.Jwt.Audience;
                // The claims keep the names the identity provider gave them, so that the role claim is the one configured.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.RoleClaimType = settings.Jwt.RoleClaim;
                jwt.TokenValidationParameters.NameClaimType = "sub";
            });
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Read, policy =>
            {
                if (settings.AnonymousReads)
                {
                    // Open to all, but a key that is sent must be a good one: a client is told its key is wrong.
                    policy.RequireAssertion(context =>
                        context.User.Identity?.IsAuthenticated == true
                        || context.Resource is not HttpContext http
                        || AccessKeyAuthentication.BearerToken(http.Request) is null);
                }
                else
                {
                    policy.RequireRole(AccessRoles.Reader, AccessRoles.Writer, AccessRoles.Admin);
                }
            })
            .AddPolicy(AccessPolicies.Write, policy => policy.RequireRole(AccessRoles.Writer, AccessRoles.Admin))
            .AddPolicy(AccessPolicies.Administer, policy => policy.RequireRole(AccessRoles.Admin));

        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, settings.RateLimits));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The middleware, in order: who it is, how often it asks, what it may do.</summary>
    public static WebApplication UseTrackerAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Every Wolverine endpoint needs a policy: GETs the read policy, every other method the write policy. An endpoint
    /// that needs more says so with <c>[Authorize(Policy = ...)]</c> (the dead letters need an admin).
    /// </summary>
    public static void RequireAccess(WolverineHttpOptions options) =>
        options.ConfigureEndpoints(chain =>
            chain.RequireAuthorization(chain.HttpMethods.All(method => method == HttpMethods.Get) ? AccessPolicies.Read : AccessPolicies.Write));

    private static bool LooksLikeJwt(HttpRequest request) =>
        AccessKeyAuthentication.BearerToken(request) is { } token && token.Count(c => c == '.') == 2;

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitSettings limits)
    {
        var (partition, permits) = context.User.Identity is { IsAuthenticated: true, Name: var name }
            ? ($"key:{context.User.Identity.AuthenticationType}:{name}", limits.PerKey)
            : ($"address:{context.Connection.RemoteIpAddress}", limits.PerAddress);
        return permits <= 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = limits.Window,
                QueueLimit = 0,
            });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellation)
    {
        var response = rejected.HttpContext.Response;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests.",
                detail: $"The rate limit of this {(rejected.HttpContext.User.Identity?.IsAuthenticated == true ? "key" : "address")} is reached; try again in {seconds} s.")
            .ExecuteAsync(rejected.HttpContext);
    }
}
