using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;

namespace RelationsTracker.Server;

/// <summary>
/// The OpenAPI document: each operation lists exactly the responses its endpoint declares. Wolverine adds a 200 of the
/// handler's return type and a 404 to every endpoint, which for an endpoint answering <c>IResult</c> is an empty schema
/// and a status it may never give. An export (<see cref="CsvResponseAttribute"/>) lists text/csv beside its JSON. The
/// vocabulary's enums, written as camelCase strings, are declared as strings: without a type, generated clients read
/// them as numbers. An occurrence date is written as its text.
/// </summary>
public static class ApiDocument
{
    private const string OccurrenceDatePattern = @"^\d{4}(-\d{2}(-\d{2})?)?$";

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(OccurrenceDate))
            {
                schema.Type = JsonSchemaType.String;
                schema.Properties = null;
                schema.Required = null;
                schema.Pattern = OccurrenceDatePattern;
                schema.Description = "A day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY).";
            }

            if (schema is { Type: null, Enum.Count: > 0 } && schema.Enum.All(value => value is null || value.GetValueKind() == JsonValueKind.String))
            {
                schema.Type = schema.Enum.Any(value => value is null) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            }

            return Task.CompletedTask;
        });
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
}
