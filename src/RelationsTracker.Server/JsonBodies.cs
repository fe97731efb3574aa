using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace RelationsTracker.Server;

/// <summary>
/// Refuses a body sent to an endpoint that reads JSON unless it says it is JSON. A page on another origin can send a
/// request without asking the server (a "simple" or <c>no-cors</c> request) only as text/plain, a form or with no
/// type at all: none of them can write.
/// </summary>
internal static class JsonBodies
{
    public static void UseJsonBodiesOnly(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not null && !IsJson(context.Request.ContentType))
            {
                await Results.Problem(
                        statusCode: StatusCodes.Status415UnsupportedMediaType,
                        title: "The body must be JSON; nothing was stored.",
                        detail: $"Send the body with Content-Type: application/json, not {(string.IsNullOrEmpty(context.Request.ContentType) ? "without one" : $"'{context.Request.ContentType}'")}.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
