using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Access;
using Wolverine.Http;

namespace RelationsTracker.Alerts;

/// <summary>POST /api/watches, GET /api/watches, DELETE /api/watches/{id}: for writers and admins.</summary>
public static class WatchEndpoints
{
    [WolverinePost("/api/watches")]
    public static async Task<IResult> Add(WatchRequest? request, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (request is null)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["The body is null; send a watch."] }, title: "The watch is not valid.");
        }

        var (watch, problems) = WatchRequests.Validate(request, Guid.CreateVersion7(), clock.GetUtcNow());
        if (watch is null)
        {
            return Results.ValidationProblem(problems, title: "The watch is not valid; nothing was stored.");
        }

        session.Store(watch);
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/api/watches/{watch.Id}", watch.View());
    }

    [Authorize(Policy = AccessPolicies.Write)]
    [WolverineGet("/api/watches")]
    public static async Task<IReadOnlyList<WatchView>> List(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<Watch>().OrderBy(w => w.CreatedAt).ToListAsync(cancellation)).Select(w => w.View()).ToList();

    [WolverineDelete("/api/watches/{id}")]
    public static async Task<IResult> Remove(Guid id, IDocumentSession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Watch>(id, cancellation) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Watch not found.", detail: $"No watch {id}.");
        }

        session.Delete<Watch>(id);
        await session.SaveChangesAsync(cancellation);
        return Results.NoContent();
    }
}
