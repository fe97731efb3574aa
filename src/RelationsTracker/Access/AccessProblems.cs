using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace RelationsTracker.Access;

/// <summary>
/// Answers a refused request with problem details (ASP.NET Core's own answers have no body): 401 when it has no
/// accepted key, 403 when its key's role may not do this, naming the roles that may.
/// </summary>
public sealed class AccessProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        // The schemes' own challenge and forbid set the status and the WWW-Authenticate header.
        await _default.HandleAsync(next, context, policy, authorizeResult);
        var roles = string.Join(" or ", policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct());
        var problem = authorizeResult.Challenged
            ? Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid key is needed.",
                detail: AccessKeyAuthentication.BearerToken(context.Request) is null
                    ? "Send a key in the Authorization header: 'Authorization: Bearer <key>'."
                    : "The key sent is unknown, revoked or expired.")
            : Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The key's role may not do this.",
                detail: $"This needs the role {roles}.");
        await problem.ExecuteAsync(context);
    }
}
