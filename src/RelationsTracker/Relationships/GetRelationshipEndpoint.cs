using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker;
using Wolverine.Http;

namespace RelationsTracker.Relationships;

/// <summary>
/// GET /api/relationships/{a}/{b}?asOf=YYYY-MM-DD&amp;knownAt=...: the state of one relationship on a date, as the
/// tracker tells it now or told it at a past moment.
/// </summary>
public static class GetRelationshipEndpoint
{
    [Tags(ApiTags.Relationships)]
    [EndpointSummary("The state of a relationship on a day, as known now or at a past moment")]
    [ProducesResponseType<RelationshipState>(StatusCodes.Status200OK)]
    [ValidationProblemResponse]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverineGet("/api/relationships/{a}/{b}", OperationId = "GetRelationship")]
    public static async Task<IResult> Get(
        string a,
        string b,
        string? asOf,
        string? knownAt,
        IQuerySession session,
        TimeProvider clock,
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var relationshipId = arguments.Pair(a, b, "a", "b");
        var day = arguments.Day(asOf, "asOf");
        var moment = arguments.KnownAt(knownAt, "knownAt");
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        var state = await RelationshipQueries.StateAsync(
            session, relationshipId!, day ?? DayOf(moment, clock), moment, windows, cancellation);
        return (state, moment) switch
        {
            (not null, _) => Results.Ok(state),
            (null, { } known) => QueryArguments.NothingKnownAt(
                relationshipId!, known, await RelationshipQueries.FirstRecordedAsync(session, relationshipId!, cancellation)),
            _ => QueryArguments.RelationshipNotFound(a, b),
        };
    }

    /// <summary>
    /// The day a question is about when none is named: the day of the moment asked about — what the tracker said
    /// then was about that day — or else today.
    /// </summary>
    internal static DateOnly DayOf(DateTimeOffset? knownAt, TimeProvider clock) =>
        DateOnly.FromDateTime((knownAt ?? clock.GetUtcNow()).UtcDateTime);
}
