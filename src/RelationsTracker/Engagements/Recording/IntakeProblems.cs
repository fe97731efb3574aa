using Marten;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>RFC 7807 answers for submissions the tracker cannot record.</summary>
internal static class IntakeProblems
{
    public static IResult Invalid(InvalidEngagementException invalid) =>
        Results.ValidationProblem(
            invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Problem).ToArray()),
            title: "The engagement is not valid; nothing was stored.",
            detail: string.Join(" ", invalid.Errors.Select(e => $"{e.Field}: {e.Problem}")));

    /// <summary>A body of JSON null: it names no field to fault, so the body itself is named.</summary>
    public static IResult NotAnObject(string expected) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { ["body"] = [$"The body is null; send {expected}."] },
            title: "The engagement is not valid; nothing was stored.");

    public static IResult NotFound(string sourceId) =>
        Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Engagement not found.",
            detail: $"No engagement '{sourceId}' is recorded.");

    /// <summary>A 409 that shows the stored version beside the submitted one.</summary>
    public static async Task<IResult> ConflictAsync(
        EngagementConflictException conflict, IEnumerable<RecordEngagement> submitted, IQuerySession session, CancellationToken cancellation)
    {
        var stored = await EngagementHistory.FindAsync(session, conflict.SourceId, cancellation);
        return Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The sourceId is already recorded with different content; nothing was stored.",
            detail: $"Engagement '{conflict.SourceId}' differs from the one on record. To change it, send a correction: PUT /api/engagements/{conflict.SourceId}.",
            extensions: new Dictionary<string, object?>
            {
                ["sourceId"] = conflict.SourceId,
                ["stored"] = stored?.Current,
                ["submitted"] = submitted.FirstOrDefault(s => s.SourceId == conflict.SourceId),
            });
    }
}
