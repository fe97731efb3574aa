using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The OpenAPI document as a client developer uses it: read by the OpenAPI.NET library, and turned into a C# client by
/// NSwag, compiled here and calling the server, as someone generating a client from <c>/openapi/v1.json</c> would.
/// </summary>
public sealed class OpenApiClientTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<string> DocumentAsync() => app.Host.Server.CreateClient().GetStringAsync("/openapi/v1.json");

    [Fact]
    public async Task The_document_reads_without_errors_and_every_write_answers_its_errors_with_problem_details()
    {
        var read = OpenApiDocument.Parse(await DocumentAsync(), "json");

        read.Diagnostic!.Errors.ShouldBeEmpty();
        var writes = read.Document!.Paths
            .SelectMany(path => path.Value.Operations!.Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value)))
            .Where(op => !op.Name.StartsWith("GET ", StringComparison.OrdinalIgnoreCase))
            .ToList();
        writes.Count.ShouldBe(7);
        foreach (var (name, operation) in writes)
        {
            var errors = operation.Responses!.Where(r => r.Key[0] is '4' or '5').ToList();
            errors.Select(r => r.Key).ShouldContain("401", name);
            errors.Select(r => r.Key).ShouldContain("403", name);
            foreach (var (status, response) in errors)
            {
                var schema = response.Content!["application/problem+json"].Schema.ShouldBeOfType<OpenApiSchemaReference>($"{name} {status}");
                schema.Reference.Id.ShouldBeOneOf(["ProblemDetails", "HttpValidationProblemDetails"], $"{name} {status}");
            }
        }
    }

    [Fact]
    public async Task A_client_generated_from_the_document_records_reads_and_hears_the_field_of_a_refusal()
    {
        var drive = await CompileAsync(await DocumentAsync(), Driver);
        using var http = app.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TrackerApp.AdminKey);

        var said = await (Task<string[]>)drive.Invoke(null, [http])!;

        said.ShouldBe([
            "recorded gen-1 in CHN-USA",
            "CHN-USA diplomatic Open since 2023-06-18 by gen-1",
            "refused 400: occurredOn",
        ]);
    }

    /// <summary>Code a client developer writes against the generated client, typed by its classes.</summary>
    private const string Driver = """
        namespace Generated;

        public static class Drive
        {
            public static async System.Threading.Tasks.Task<string[]> RunAsync(System.Net.Http.HttpClient http)
            {
                var client = new TrackerClient(http);
                var said = new System.Collections.Generic.List<string>();
                var meeting = new RecordEngagement
                {
                    SourceId = "gen-1",
                    Kind = "meeting",
                    OccurredOn = "2023-06-18",
                    Initiator = new Participant { Country = "USA", Name = "Secretary of State", Sector = "diplomatic" },
                    Counterpart = new Participant { Country = "CHN", Name = "Foreign Minister", Sector = "diplomatic" },
                    Summary = "Talks in Beijing.",
                    Source = new SourceReference { Publisher = "Wire", Url = "https://example.org/gen-1" },
                };
                var recorded = await client.RecordEngagementAsync(meeting);
                said.Add($"recorded {recorded.SourceId} in {recorded.RelationshipId}");

                var state = await client.GetRelationshipAsync("USA", "CHN", asOf: "2023-07-01");
                var diplomatic = System.Linq.Enumerable.Single(state.Channels, c => c.Channel == Channel.Diplomatic);
                said.Add($"{string.Join("-", state.Countries)} diplomatic {diplomatic.Status} since {diplomatic.Since} by {string.Join(",", diplomatic.DecidedBy)}");

                meeting.SourceId = "gen-2";
                meeting.OccurredOn = "the day before yesterday";
                try
                {
                    await client.RecordEngagementAsync(meeting);
                    said.Add("recorded a meeting with no date");
                }
                catch (ApiException<HttpValidationProblemDetails> refused)
                {
                    said.Add($"refused {refused.StatusCode}: {string.Join(",", refused.Result.Errors.Keys)}");
                }

                return said.ToArray();
            }
        }
        """;

    /// <summary>Generates the client as <c>nswag openapi2csclient</c> would (one client, System.Text.Json) and compiles it with <paramref name="driver"/>.</summary>
    private static async Task<MethodInfo> CompileAsync(string document, string driver)
    {
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "TrackerClient",
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        var client = new CSharpClientGenerator(await NSwag.OpenApiDocument.FromJsonAsync(document), settings).GenerateFile();

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "GeneratedTrackerClient",
            [CSharpSyntaxTree.ParseText(client), CSharpSyntaxTree.ParseText(driver)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ShouldBeEmpty();
        assembly.Position = 0;
        var loaded = new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(assembly);
        return loaded.GetType("Generated.Drive")!.GetMethod("RunAsync")!;
    }
}
