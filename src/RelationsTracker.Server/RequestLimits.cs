namespace RelationsTracker.Server;

/// <summary>Refuses oversized bodies with a problem that says the limit, before anything is read.</summary>
internal static class RequestLimits
{
    /// <summary>A full batch of 1,000 engagements with long summaries stays well under this.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public static void UseRequestLimits(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await Results.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "The request body is too large; nothing was stored.",
                        detail: $"The body has {context.Request.ContentLength} bytes; the limit is {MaxBodyBytes} bytes. Send large sets in batches of at most 1,000 engagements.")
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}
