using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Contracts;
using Wolverine.Http;
using Wolverine;

namespace RelationsTracker.Engagements.Recording;

/// <summary>POST /api/engagements and /api/engagements/batch: the same handlers as the queue, answered over HTTP.</summary>
public static class PostEngagementEndpoints
{
    [Tags(ApiTags.Engagements)]
    [EndpointSummary("Record an engagement")]
    [ProducesResponseType<EngagementRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<EngagementRecorded>(StatusCodes.Status200OK)]
    [ValidationProblemResponse]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [WolverinePost("/api/engagements", OperationId = "RecordEngagement")]
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

    [Tags(ApiTags.Engagements)]
    [EndpointSummary("Record up to 1,000 engagements at once, all or none")]
    [ProducesResponseType<EngagementsRecorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<EngagementsRecorded>(StatusCodes.Status200OK)]
    [ValidationProblemResponse]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    [WolverinePost("/api/engagements/batch", OperationId = "RecordEngagements")]
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
