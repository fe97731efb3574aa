using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Engagements.Recording;
using Wolverine.Http;

namespace RelationsTracker.Engagements;

/// <summary>GET /api/engagements/{sourceId}: the engagement as stored, with every version and any retraction.</summary>
public static class GetEngagementEndpoint
{
    [Tags(ApiTags.Engagements)]
    [EndpointSummary("An engagement as stored, with every version and any retraction")]
    [ProducesResponseType<StoredEngagement>(StatusCodes.Status200OK)]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverineGet("/api/engagements/{sourceId}", OperationId = "GetEngagement")]
    public static async Task<IResult> Get(string sourceId, IQuerySession session, CancellationToken cancellation)
    {
        // No sourceId with a control character is ever recorded, and PostgreSQL could not even be asked about a NUL.
        if (sourceId.Any(char.IsControl))
        {
            return IntakeProblems.NotFound(sourceId);
        }

        var record = await EngagementHistory.FindAsync(session, sourceId, cancellation);
        return record?.Current is { } current
            ? Results.Ok(new StoredEngagement(record.Id, record.RelationshipId, current, record.Versions, record.RetractedAt, record.RetractedBy))
            : IntakeProblems.NotFound(sourceId);
    }
}

/// <summary>An engagement as stored: its current version, every version with when it was recorded, and any retraction.</summary>
public sealed record StoredEngagement(
    string Id,
    string RelationshipId,
    Engagement Current,
    IReadOnlyList<EngagementVersion> Versions,
    DateTimeOffset? RetractedAt,
    string? RetractedBy);
