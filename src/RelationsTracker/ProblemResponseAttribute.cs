using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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

/// <summary>The features the API's operations are grouped by in the OpenAPI document.</summary>
public static class ApiTags
{
    public const string Relationships = "Relationships";
    public const string Engagements = "Engagements";
    public const string DeadLetters = "Dead letters";
}
