using Marten;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Engagements;
using Wolverine.Http;

namespace RelationsTracker.Relationships;

/// <summary>GET /api/relationships/{a}/{b}?asOf=YYYY-MM-DD: the state of one relationship, now or on a past date.</summary>
public static class GetRelationshipEndpoint
{
    [WolverineGet("/api/relationships/{a}/{b}")]
    public static async Task<IResult> Get(
        string a,
        string b,
        string? asOf,
        IQuerySession session,
        TimeProvider clock,
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var first = CountryFromRoute(a, "a", errors);
        var second = CountryFromRoute(b, "b", errors);
        var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", out date))
        {
            errors["asOf"] = [$"'{asOf}' is not a date: use YYYY-MM-DD."];
        }

        if (first is not null && first == second)
        {
            errors["b"] = ["A relationship needs two different countries."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The request is not valid.");
        }

        var state = await RelationshipQueries.StateAsync(session, RelationshipKey.For(first!, second!), date, windows, cancellation);
        return state is null
            ? Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Relationship not found.",
                detail: $"No engagement between {first} and {second} has been recorded.")
            : Results.Ok(state);
    }

    /// <summary>An ISO 3166-1 alpha-3 code from the route, in either case.</summary>
    internal static string? CountryFromRoute(string value, string field, Dictionary<string, string[]> errors)
    {
        var code = value.ToUpperInvariant();
        if (code.Length == 3 && code.All(char.IsAsciiLetterUpper) && Countries.IsKnown(code))
        {
            return code;
        }

        errors[field] = [$"'{value}' is not an ISO 3166-1 alpha-3 country code (e.g. USA, CHN)."];
        return null;
    }
}
