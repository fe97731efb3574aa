using Marten;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Contracts;
using Wolverine;
using Wolverine.Http;

namespace RelationsTracker.Engagements.Recording;

/// <summary>POST /api/engagements and /api/engagements/batch: the same handlers as the queue, answered over HTTP.</summary>
public static class PostEngagementEndpoints
{
    [WolverinePost("/api/engagements")]
    public static async Task<IResult> Post(RecordEngagement engagement, IMessageBus bus, IQuerySession session, CancellationToken cancellation)
    {
        if (engagement is null)
        {
            return IntakeProblems.NotAnObject("an engagement");
        }

        try
        {
            var outcome = await bus.RecordAsync(engagement, cancellation);
            return outcome.Duplicate ? Results.Ok(outcome) : Results.Created(Location(outcome.SourceId), outcome);
        }
        catch (InvalidEngagementException invalid)
        {
            return IntakeProblems.Invalid(invalid);
        }
        catch (EngagementConflictException conflict)
        {
            return await IntakeProblems.ConflictAsync(conflict, [engagement], session, cancellation);
        }
    }

    [WolverinePost("/api/engagements/batch")]
    public static async Task<IResult> PostBatch(RecordEngagement[] engagements, IMessageBus bus, IQuerySession session, CancellationToken cancellation)
    {
        if (engagements is null)
        {
            return IntakeProblems.NotAnObject("an array of engagements");
        }

        try
        {
            var outcome = await bus.InvokeAsync<EngagementsRecorded>(new RecordEngagements(engagements), cancellation);
            return outcome.Engagements.All(e => e.Duplicate) ? Results.Ok(outcome) : Results.Json(outcome, statusCode: StatusCodes.Status201Created);
        }
        catch (InvalidEngagementException invalid)
        {
            return IntakeProblems.Invalid(invalid);
        }
        catch (EngagementConflictException conflict)
        {
            return await IntakeProblems.ConflictAsync(conflict, engagements, session, cancellation);
        }
    }

    internal static string Location(string sourceId) => "/api/engagements/" + Uri.EscapeDataString(sourceId);
}
