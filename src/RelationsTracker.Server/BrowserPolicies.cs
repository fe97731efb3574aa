namespace RelationsTracker.Server;

/// <summary>
/// What browsers may do with the server's answers: read them from another origin only when that origin is configured
/// (<c>RelationsTracker:Cors:Origins</c>), never guess their type, never frame them, never tell other sites the address.
/// </summary>
internal static class BrowserPolicies
{
    public const string OriginsSetting = "RelationsTracker:Cors:Origins";

    public static void AddBrowserPolicies(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(OriginsSetting).Get<string[]>() ?? [];
        // Without a policy, ASP.NET Core's CORS middleware adds no header, and browsers keep other origins out.
        builder.Services.AddCors(cors =>
        {
            if (origins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod());
            }
        });
    }

    public static void UseBrowserPolicies(this WebApplication app)
    {
        // When the answer starts: an error answer is written on a cleared response.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCors();
    }
}
