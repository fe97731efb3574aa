using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;

namespace RelationsTracker.Server;

/// <summary>
/// The OpenAPI document: each operation lists exactly the responses its endpoint declares. Wolverine adds a 200 of the
/// handler's return type and a 404 to every endpoint, which for an endpoint answering <c>IResult</c> is an empty schema
/// and a status it may never give.
/// </summary>
public static class ApiDocument
{
    public static void Configure(OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var declared = context.Description.ActionDescriptor.EndpointMetadata
                .OfType<ProducesResponseTypeAttribute>()
                .Select(response => response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ToHashSet();
            if (declared.Count > 0 && operation.Responses is { } responses)
            {
                foreach (var undeclared in responses.Keys.Where(status => !declared.Contains(status)).ToList())
                {
                    responses.Remove(undeclared);
                }
            }

            return Task.CompletedTask;
        });
}
