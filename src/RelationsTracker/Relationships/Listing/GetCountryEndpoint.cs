using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RelationsTracker.Engagements;
using Wolverine.Http;

namespace RelationsTracker.Relationships.Listing;

/// <summary>A country and its relationships on a date.</summary>
public sealed record CountryRelationships(string Country, string Name, DateOnly AsOf, IReadOnlyList<RelationshipOverview> Relationships);

/// <summary>GET /api/countries/{code}?asOf=: every relationship of one country, each with its channels' statuses.</summary>
public static class GetCountryEndpoint
{
    [Tags(ApiTags.Relationships)]
    [EndpointSummary("One country's relationships on a day")]
    [ProducesResponseType<CountryRelationships>(StatusCodes.Status200OK)]
    [ValidationProblemResponse]
    [WolverineGet("/api/countries/{code}", OperationId = "GetCountry")]
    public static async Task<IResult> Get(
        string code,
        string? asOf,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        var arguments = new QueryArguments(clock);
        var country = arguments.Country(code, "code");
        var day = arguments.Day(asOf, "asOf") ?? GetRelationshipEndpoint.DayOf(null, clock);
        if (!arguments.IsValid)
        {
            return arguments.Problem();
        }

        var relationships = (await RelationshipQueries.ListAsync(session, new RelationshipFilter(country), day, ListingPage.All, cancellation)).Relationships;
        return Results.Ok(new CountryRelationships(country!, Countries.NameOf(country!), day, relationships));
    }
}
