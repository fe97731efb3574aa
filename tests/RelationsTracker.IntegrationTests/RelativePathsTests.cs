using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// Run as README shows, through <c>dotnet run --project src/RelationsTracker.Server</c>, the commands read and write
/// relative paths from the folder the command was typed in, not from the server's project folder.
/// </summary>
public sealed class RelativePathsTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    private readonly DirectoryInfo caller = Directory.CreateTempSubdirectory("relations-caller-");

    public Task InitializeAsync() => QueryScenario.RecordAsync(app);

    public Task DisposeAsync()
    {
        caller.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_output_file_is_written_where_the_command_was_typed()
    {
        var name = $"state-{Guid.NewGuid():N}.csv";

        var (exitCode, output) = await RelationsCli.RunThroughDotnetRunAsync(
            app.ConnectionString, caller.FullName, "replay", "--to", "2023-07-12", "--format", "csv", "--output", name);

        exitCode.ShouldBe(0, output);
        File.ReadAllText(Path.Combine(caller.FullName, name)).ShouldStartWith("relationship,channel,status,since");
        var inSourceTree = Path.Combine(RepositoryRoot.Path, "src", "RelationsTracker.Server", name);
        var leaked = File.Exists(inSourceTree);
        File.Delete(inSourceTree);
        leaked.ShouldBeFalse();
    }

    [Fact]
    public async Task A_file_to_submit_is_read_from_where_the_command_was_typed()
    {
        await File.WriteAllTextAsync(
            Path.Combine(caller.FullName, "engagements.jsonl"),
            """{"sourceId":"relative-path-call","kind":"call","occurredOn":"2024-03-01","initiator":{"country":"USA","sector":"executive"},"counterpart":{"country":"CHN","sector":"executive"}}""");

        var (exitCode, output) = await RelationsCli.RunThroughDotnetRunAsync(
            app.ConnectionString, caller.FullName, "submit", "engagements.jsonl");

        exitCode.ShouldBe(0, output);
        output.ShouldNotContain("No such file");
        output.ShouldContain("accepted (queued) │ 1");
    }
}
