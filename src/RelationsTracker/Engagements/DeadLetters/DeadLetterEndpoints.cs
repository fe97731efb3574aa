using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Access;
using Wolverine.Http;
using Wolverine.Runtime;

namespace RelationsTracker.Engagements.DeadLetters;

/// <summary>GET /api/dead-letters; POST /api/dead-letters/{id}/replay; DELETE /api/dead-letters/{id}: for admins only.</summary>
public static class DeadLetterEndpoints
{
    [Authorize(Policy = AccessPolicies.Administer)]
    [Tags(ApiTags.DeadLetters)]
    [EndpointSummary("The queued submissions that could not be recorded, with their reasons")]
    [ProducesResponseType<IReadOnlyList<RejectedSubmission>>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status403Forbidden)]
    [WolverineGet("/api/dead-letters", OperationId = "ListDeadLetters")]
    public static Task<IReadOnlyList<RejectedSubmission>> Get(IWolverineRuntime runtime, CancellationToken cancellation) =>
        RejectedSubmissions.ListAsync(runtime, cancellation);

    [Authorize(Policy = AccessPolicies.Administer)]
    [Tags(ApiTags.DeadLetters)]
    [EndpointSummary("Handle a dead letter again")]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverinePost("/api/dead-letters/{id}/replay", OperationId = "ReplayDeadLetter")]
    public static async Task<IResult> Replay(Guid id, IWolverineRuntime runtime, CancellationToken cancellation) =>
        await RejectedSubmissions.ReplayAsync(runtime, id, cancellation) ? Results.Accepted() : NotFound(id);

    [Authorize(Policy = AccessPolicies.Administer)]
    [Tags(ApiTags.DeadLetters)]
    [EndpointSummary("Discard a dead letter")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverineDelete("/api/dead-letters/{id}", OperationId = "DeleteDeadLetter")]
    public static async Task<IResult> Discard(Guid id, IWolverineRuntime runtime, CancellationToken cancellation) =>
        await RejectedSubmissions.DiscardAsync(runtime, id, cancellation) ? Results.NoContent() : NotFound(id);

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dead letter not found.", detail: $"No dead letter {id}.");
}
