using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Engagements;
using Wolverine.Http;

namespace RelationsTracker.Relationships.Timeline;

/// <summary>
/// GET /api/relationships/{a}/{b}/timeline?from=&amp;to=&amp;kind=&amp;channel=&amp;page=&amp;pageSize=&amp;format=:
/// the relationship's engagements in order of occurrence, with their sources, a page at a time; as JSON or
/// CSV (format=csv, or Accept: text/csv).
/// </summary>
public static class TimelineEndpoint
{
    [Tags(ApiTags.Relationships)]
    [EndpointSummary("A relationship's engagements in force, in order of occurrence, paged")]
    [ProducesResponseType<TimelinePage>(StatusCodes.Status200OK)]
    [CsvResponse]
    [ValidationProblemResponse]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverineGet("/api/relationships/{a}/{b}/timeline", OperationId = "GetTimeline")]
    public static async Task<IResult> Get(
        string a,
        string b,
        string? from,
        string? to,
        string? kind,
        string? channel,
        string? page,
        string? pageSize,
        string? format,
        HttpRequest request,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var relationshipId = arguments.Pair(a, b, "a", "b");
        var query = new TimelineQuery(
            arguments.Day(from, "from"),
            arguments.Day(to, "to"),
            arguments.Word<EngagementKind>(kind, "kind"),
            arguments.Word<Channel>(channel, "channel"),
            arguments.Number(page, "page", 1, 1, int.MaxValue),
            arguments.Number(pageSize, "pageSize", TimelineQuery.DefaultPageSize, 1, TimelineQuery.MaxPageSize));
        arguments.Period(query.From, query.To, "from");
        var answer = CsvExport.Negotiate(arguments, format, request);
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        var timeline = await RelationshipQueries.TimelineAsync(session, relationshipId!, query, cancellation);
        if (timeline is null)
        {
            return QueryArguments.RelationshipNotFound(a, b);
        }

        if (answer == AnswerFormat.Csv && !timeline.IsPastTheEnd)
        {
            return await CsvExport.AnswerAsync(
                $"{string.Join("-", timeline.Countries)}-timeline.csv", output => CsvExport.WriteTimelineAsync(output, timeline.Engagements));
        }

        return timeline.IsPastTheEnd
            ? Results.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["page"] = [$"Page {timeline.Page} is past the last page ({timeline.PageCount}) of {timeline.TotalCount} engagements."],
                },
                statusCode: StatusCodes.Status404NotFound,
                title: "Page not found.")
            : Results.Ok(timeline);
    }
}
