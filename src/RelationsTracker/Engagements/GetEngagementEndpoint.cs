using Marten;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Engagements.Recording;
using Wolverine.Http;

namespace RelationsTracker.Engagements;

/// <summary>GET /api/engagements/{sourceId}: the engagement as stored, with every version and any retraction.</summary>
public static class GetEngagementEndpoint
{
    [WolverineGet("/api/engagements/{sourceId}")]
    public static async Task<IResult> Get(string sourceId, IQuerySession session, CancellationToken cancellation)
    {
        // No sourceId with a control character is ever recorded, and PostgreSQL could not even be asked about a NUL.
        if (sourceId.Any(char.IsControl))
        {
            return IntakeProblems.NotFound(sourceId);
        }

        var record = await EngagementHistory.FindAsync(session, sourceId, cancellation);
        return record?.Current is { } current
            ? Results.Ok(new
            {
                record.Id,
                record.RelationshipId,
                Current = current,
                record.Versions,
                record.RetractedAt,
                record.RetractedBy,
            })
            : IntakeProblems.NotFound(sourceId);
    }
}
