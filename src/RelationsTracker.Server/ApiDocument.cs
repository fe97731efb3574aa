using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RelationsTracker;
using RelationsTracker.Relationships;

namespace RelationsTracker.Server;

/// <summary>
/// The OpenAPI document: each operation lists exactly the responses its endpoint declares. Wolverine adds a 200 of the
/// handler's return type and a 404 to every endpoint, which for an endpoint answering <c>IResult</c> is an empty schema
/// and a status it may never give. An export (<see cref="CsvResponseAttribute"/>) lists text/csv beside its JSON.
/// </summary>
public static class ApiDocument
{
    public static void Configure(OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var declared = metadata
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

            if (metadata.OfType<CsvResponseAttribute>().Any()
                && operation.Responses?.GetValueOrDefault("200") is { Content: { } content })
            {
                content[CsvExport.ContentType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "CSV with a header row" },
                };
            }

            return Task.CompletedTask;
        });
}
