using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Contracts;
using Wolverine.Http;
using Wolverine;

namespace RelationsTracker.Engagements.Recording;

/// <summary>PUT /api/engagements/{sourceId}: records a correction, kept in the engagement's history.</summary>
public static class PutEngagementEndpoint
{
    [Tags(ApiTags.Engagements)]
    [EndpointSummary("Correct an engagement: store a new version of it")]
    [ProducesResponseType<EngagementRecorded>(StatusCodes.Status200OK)]
    [ValidationProblemResponse]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverinePut("/api/engagements/{sourceId}", OperationId = "CorrectEngagement")]
    public static async Task<IResult> Put(string sourceId, RecordEngagement engagement, IMessageBus bus, CancellationToken cancellation)
    {
        if (engagement is null)
        {
            return IntakeProblems.NotAnObject("an engagement");
        }

        if (engagement.SourceId is { } inBody && inBody != sourceId)
        {
            return IntakeProblems.Invalid(new InvalidEngagementException(
                inBody, [new FieldError("sourceId", $"The body's sourceId '{inBody}' differs from the URL's '{sourceId}'.")]));
        }

        try
        {
            return Results.Ok(await bus.InvokeAsync<EngagementRecorded>(new CorrectEngagement(sourceId, engagement), cancellation));
        }
        catch (InvalidEngagementException invalid)
        {
            return IntakeProblems.Invalid(invalid);
        }
        catch (EngagementNotFoundException)
        {
            return IntakeProblems.NotFound(sourceId);
        }
    }
}
