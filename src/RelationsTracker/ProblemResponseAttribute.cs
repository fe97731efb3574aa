using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Builder;
using Wolverine.Http;

namespace RelationsTracker;

/// <summary>Declares, for the OpenAPI document, that an endpoint answers this status with RFC 7807 problem details.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProblemResponseAttribute(int statusCode)
    : ProducesResponseTypeAttribute(typeof(ProblemDetails), statusCode, ProblemContentType)
{
    public const string ProblemContentType = "application/problem+json";
}

/// <summary>Declares a 400 whose problem details name each field that is wrong (<c>errors</c>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ValidationProblemResponseAttribute()
    : ProducesResponseTypeAttribute(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, ProblemResponseAttribute.ProblemContentType);

/// <summary>
/// Declares that the success (200) may also be answered as CSV text (<see cref="Relationships.CsvExport"/>). Not a
/// second <see cref="ProducesResponseTypeAttribute"/> of the status: the API explorer keeps one per status, so the
/// OpenAPI document adds the CSV beside the JSON.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CsvResponseAttribute : Attribute;

/// <summary>
/// Declares the problems an endpoint may answer by what it is rather than what it does: every one a wrong key (401),
/// too many requests (429) and an unreachable database (503); a write a key whose role may not (403); one that reads a
/// body a body too large (413) or not JSON (415).
/// </summary>
public static class ApiProblems
{
    public static void Declare(WolverineHttpOptions options) =>
        options.ConfigureEndpoints(chain =>
        {
            var statuses = new List<int> { StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable };
            if (chain.HttpMethods.Any(method => method != HttpMethods.Get))
            {
                statuses.Add(StatusCodes.Status403Forbidden);
            }

            if (chain.HasRequestType)
            {
                statuses.AddRange([StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
            }

            foreach (var status in statuses)
            {
                chain.Metadata.WithMetadata(new ProblemResponseAttribute(status));
            }
        });
}

/// <summary>The features the API's operations are grouped by in the OpenAPI document.</summary>
public static class ApiTags
{
    public const string Relationships = "Relationships";
    public const string Engagements = "Engagements";
    public const string DeadLetters = "Dead letters";
    public const string Alerts = "Alerts";
}
