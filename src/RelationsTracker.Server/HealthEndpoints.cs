using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace RelationsTracker.Server;

/// <summary>
/// /health/live answers while the process serves requests; /health/ready only while it can also reach its database
/// (a load balancer sends it work then).
/// </summary>
internal static class HealthEndpoints
{
    public const string Ready = "ready";

    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
    }
}
