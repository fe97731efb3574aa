using System.Text.Json.Nodes;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The OpenAPI document at /openapi/v1.json describes each operation well enough to generate a client from: its real
/// statuses with typed bodies, problem details for the errors, a summary in words and a tag by feature.
/// </summary>
public sealed class OpenApiDocumentTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    private static readonly string[] Features = ["Alerts", "Dead letters", "Engagements", "Relationships"];

    private async Task<List<(string Name, JsonObject Operation)>> OperationsAsync()
    {
        var document = await app.Host.GetJsonAsync("/openapi/v1.json");
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!.AsObject())))
            .ToList();
    }

    [Fact]
    public async Task Every_operation_has_a_summary_in_words_and_a_feature_tag()
    {
        var operations = await OperationsAsync();

        operations.Count.ShouldBe(16);
        foreach (var (name, operation) in operations)
        {
            var summary = (string?)operation["summary"];
            summary.ShouldNotBeNullOrWhiteSpace(name);
            summary.ShouldContain(" ", customMessage: name);
            summary.ShouldNotContain("_", customMessage: name);
            operation["tags"]!.AsArray().Select(t => (string?)t).ShouldHaveSingleItem(name).ShouldBeOneOf(Features);
        }
    }

    [Fact]
    public async Task Every_operation_declares_typed_successes_and_problem_details_for_its_errors()
    {
        foreach (var (name, operation) in await OperationsAsync())
        {
            var responses = operation["responses"]!.AsObject();
            string.Join(",", responses.Select(r => r.Key).Order()).ShouldNotBe("200,404", name);
            responses.Select(r => r.Key).ShouldContain("401", name);
            responses.Select(r => r.Key).ShouldContain("429", name);
            responses.Select(r => r.Key).ShouldContain("503", name);
            foreach (var (status, response) in responses)
            {
                var content = response!["content"]?.AsObject();
                if (status.StartsWith('2'))
                {
                    if (status is not ("202" or "204"))
                    {
                        var schema = content!["application/json"]!["schema"]!.ToJsonString();
                        schema.ShouldNotContain("IResult", customMessage: $"{name} {status}");
                        schema.ShouldMatch("\"(\\$ref|type)\"", $"{name} {status}");
                    }
                }
                else
                {
                    ((string?)content!["application/problem+json"]!["schema"]!["$ref"]).ShouldEndWith("ProblemDetails", customMessage: $"{name} {status}");
                }
            }
        }
    }

    [Fact]
    public async Task Writes_declare_what_a_key_content_type_or_size_can_refuse()
    {
        foreach (var (name, operation) in (await OperationsAsync()).Where(o => o.Name.StartsWith("POST /api/engagements", StringComparison.Ordinal) || o.Name.StartsWith("PUT ", StringComparison.Ordinal)))
        {
            operation["responses"]!.AsObject().Select(r => r.Key)
                .ShouldBeSubsetOf(["200", "201", "400", "401", "403", "404", "409", "413", "415", "429", "503"], name);
            operation["responses"]!.AsObject().Select(r => r.Key).ShouldContain("403", name);
            operation["responses"]!.AsObject().Select(r => r.Key).ShouldContain("415", name);
        }
    }

    [Theory]
    [InlineData("GET /api/relationships")]
    [InlineData("GET /api/relationships/{a}/{b}/timeline")]
    [InlineData("GET /api/relationships/{a}/{b}/channels/{channel}/history")]
    public async Task The_exports_declare_csv_beside_json(string name)
    {
        var operation = (await OperationsAsync()).Single(o => o.Name == name).Operation;

        var content = operation["responses"]!["200"]!["content"]!.AsObject();
        content.Select(c => c.Key).ShouldBe(["application/json", "text/csv"], ignoreOrder: true);
        ((string?)content["text/csv"]!["schema"]!["type"]).ShouldBe("string");
    }
}
