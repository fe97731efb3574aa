using Marten;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Server;

/// <summary>
/// Before a read is answered, waits for the state to include every event committed when it arrived, up to
/// <c>RelationsTracker:State:ReadWait</c> (2 s unless set); an answer given before the state caught up says how many
/// events it lacks in the <see cref="BehindHeader"/> header.
/// </summary>
internal static class FreshReads
{
    public const string BehindHeader = "Relations-State-Behind";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(2);

    private static readonly string[] Unrelated = ["/health", "/openapi", "/scalar"];

    public static void UseFreshReads(this WebApplication app)
    {
        var wait = app.Configuration.GetValue<TimeSpan?>("RelationsTracker:State:ReadWait") ?? DefaultWait;
        var store = app.Services.GetRequiredService<IDocumentStore>();
        app.Use(async (context, next) =>
        {
            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && !Unrelated.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
            {
                await using var session = store.QuerySession();
                var behind = await StateFreshness.Settle(session, wait, context.RequestAborted);
                if (behind > 0)
                {
                    context.Response.Headers[BehindHeader] = behind.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            await next(context);
        });
    }
}
