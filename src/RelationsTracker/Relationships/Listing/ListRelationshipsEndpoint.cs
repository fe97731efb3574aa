using Marten;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Engagements;
using Wolverine.Http;

namespace RelationsTracker.Relationships.Listing;

/// <summary>The relationships on a date, each with its channels' statuses.</summary>
public sealed record RelationshipList(DateOnly AsOf, IReadOnlyList<RelationshipOverview> Relationships);

/// <summary>GET /api/relationships?country=&amp;channel=&amp;status=&amp;asOf=: every relationship, filtered.</summary>
public static class ListRelationshipsEndpoint
{
    [WolverineGet("/api/relationships")]
    public static async Task<IResult> Get(
        string? country,
        string? channel,
        string? status,
        string? asOf,
        IQuerySession session,
        TimeProvider clock,
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        var arguments = new QueryArguments();
        var filter = arguments.Filter(country, channel, status);
        var day = arguments.Day(asOf, "asOf") ?? GetRelationshipEndpoint.DayOf(null, clock);
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        return Results.Ok(new RelationshipList(day, await RelationshipQueries.ListAsync(session, filter, day, windows, cancellation)));
    }
}
