using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Access;
using Wolverine.Http;
using Wolverine.Runtime;

namespace RelationsTracker.Alerts;

/// <summary>POST /api/watches, GET /api/watches, DELETE /api/watches/{id}: for writers and admins.</summary>
public static class WatchEndpoints
{
    [Tags(ApiTags.Alerts)]
    [EndpointSummary("Watch changes: send those a selection matches to a webhook or a queue")]
    [ProducesResponseType<WatchView>(StatusCodes.Status201Created)]
    [ValidationProblemResponse]
    [WolverinePost("/api/watches", OperationId = "CreateWatch")]
    public static async Task<IResult> Add(
        WatchRequest? request, IDocumentSession session, IWolverineRuntime runtime, TimeProvider clock, CancellationToken cancellation)
    {
        if (request is null)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["The body is null; send a watch."] }, title: "The watch is not valid.");
        }

        var (watch, problems) = await Watches.AddAsync(session, runtime, request, clock.GetUtcNow(), cancellation);
        return watch is null
            ? Results.ValidationProblem(problems, title: "The watch is not valid; nothing was stored.")
            : Results.Created($"/api/watches/{watch.Id}", watch.View());
    }

    [Authorize(Policy = AccessPolicies.Write)]
    [Tags(ApiTags.Alerts)]
    [EndpointSummary("The watches, without their webhooks' secrets")]
    [ProducesResponseType<IReadOnlyList<WatchView>>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status403Forbidden)]
    [WolverineGet("/api/watches", OperationId = "ListWatches")]
    public static Task<IReadOnlyList<WatchView>> List(IQuerySession session, CancellationToken cancellation) =>
        Watches.ListAsync(session, cancellation);

    [Tags(ApiTags.Alerts)]
    [EndpointSummary("Stop a watch")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverineDelete("/api/watches/{id}", OperationId = "DeleteWatch")]
    public static async Task<IResult> Remove(Guid id, IDocumentSession session, CancellationToken cancellation) =>
        await Watches.RemoveAsync(session, id, cancellation)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Watch not found.", detail: $"No watch {id}.");
}
