using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Engagements;
using Wolverine.Http;

namespace RelationsTracker.Relationships.Channels;

/// <summary>A channel's status intervals over a period.</summary>
public sealed record ChannelHistoryAnswer(IReadOnlyList<string> Countries, Channel Channel, DateOnly? From, DateOnly? To, IReadOnlyList<HistoryInterval> Intervals);

/// <summary>
/// GET /api/relationships/{a}/{b}/channels/{channel}/history?from=&amp;to=&amp;format=: how a channel's status went, as JSON or
/// CSV (format=csv, or Accept: text/csv).
/// </summary>
public static class ChannelHistoryEndpoint
{
    [Tags(ApiTags.Relationships)]
    [EndpointSummary("How a channel's status went over a period, and why")]
    [ProducesResponseType<ChannelHistoryAnswer>(StatusCodes.Status200OK)]
    [CsvResponse]
    [ValidationProblemResponse]
    [ProblemResponse(StatusCodes.Status404NotFound)]
    [WolverineGet("/api/relationships/{a}/{b}/channels/{channel}/history", OperationId = "GetChannelHistory")]
    public static async Task<IResult> Get(
        string a,
        string b,
        string channel,
        string? from,
        string? to,
        string? format,
        HttpRequest request,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var relationshipId = arguments.Pair(a, b, "a", "b");
        var onChannel = arguments.Word<Channel>(channel, "channel");
        var start = arguments.Day(from, "from");
        var end = arguments.Day(to, "to");
        arguments.Period(start, end, "from");
        var answer = CsvExport.Negotiate(arguments, format, request);
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        var intervals = await RelationshipQueries.HistoryAsync(
            session, relationshipId!, onChannel!.Value, start, end, GetRelationshipEndpoint.DayOf(null, clock), cancellation);
        if (intervals is null)
        {
            return QueryArguments.RelationshipNotFound(a, b);
        }

        return answer == AnswerFormat.Csv
            ? await CsvExport.AnswerAsync($"{relationshipId}-{channel.ToLowerInvariant()}-history.csv", output => CsvExport.WriteHistoryAsync(output, intervals))
            : Results.Ok(new ChannelHistoryAnswer(RelationshipKey.Countries(relationshipId!), onChannel.Value, start, end, intervals));
    }
}
