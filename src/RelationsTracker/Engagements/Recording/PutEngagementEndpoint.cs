using Microsoft.AspNetCore.Http;
using RelationsTracker.Contracts;
using Wolverine;
using Wolverine.Http;

namespace RelationsTracker.Engagements.Recording;

/// <summary>PUT /api/engagements/{sourceId}: records a correction, kept in the engagement's history.</summary>
public static class PutEngagementEndpoint
{
    [WolverinePut("/api/engagements/{sourceId}")]
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
