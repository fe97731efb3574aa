using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The server loads its handlers' code from what is committed under Internal/Generated, never compiling it at run time:
/// that code must be exactly what the server's handlers, endpoints and policies generate today.
/// </summary>
public sealed class GeneratedCodeTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    private const string Regenerate = "run `dotnet run --project src/RelationsTracker.Server -- codegen write` and commit the result";

    [Fact]
    public void The_committed_handler_code_is_what_the_server_generates()
    {
        var services = app.Host.Services;
        var builder = new DynamicCodeBuilder(services, [.. services.GetServices<ICodeFileCollection>()])
        {
            ServiceVariableSource = services.GetService<IServiceVariableSource>(),
        };

        var generated = builder.GenerateAllCode();

        var committed = Directory.GetFiles(GeneratedDirectory(), "*.cs", SearchOption.AllDirectories);
        committed.ShouldNotBeEmpty();
        foreach (var file in committed)
        {
            generated.ShouldContain(File.ReadAllText(file), customMessage: $"{Path.GetFileName(file)} is out of date: {Regenerate}.");
        }

        Types(generated).ShouldBe(committed.SelectMany(file => Types(File.ReadAllText(file))), ignoreOrder: true, customMessage: Regenerate);
    }

    private static IEnumerable<string> Types(string code) =>
        code.Split('\n').Where(line => line.TrimStart().StartsWith("// START: ", StringComparison.Ordinal)).Select(line => line.Trim());

    private static string GeneratedDirectory() =>
        Path.Combine(RepositoryRoot.Path, "src", "RelationsTracker.Server", "Internal", "Generated");
}
