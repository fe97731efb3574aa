using System.Diagnostics;
using RelationsTracker.Engagements;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The sample publisher (samples/Publisher), a process of its own with a publisher's role, sends engagements the server records.</summary>
public sealed class PublisherProcessTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_engagements_the_sample_publishes_are_recorded_by_the_server()
    {
        var name = $"sample_{Guid.NewGuid():N}"[..20];
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "publishers", "add", name);
        exitCode.ShouldBe(0, output);
        var connectionString = output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("Host=", StringComparison.Ordinal));

        var (published, said) = await RunSampleAsync(connectionString, name);

        published.ShouldBe(0, said);
        said.ShouldContain("Published sample-publisher-0001");
        var record = await Eventually.ReturnsAsync(
            async () =>
            {
                await using var session = app.Store.QuerySession();
                return await EngagementHistory.FindAsync(session, "sample-publisher-0001", CancellationToken.None);
            },
            found => found is not null,
            "the sample's engagement recorded");
        record!.RelationshipId.ShouldBe("CHN-USA");
        record.Current!.Kind.ShouldBe(EngagementKind.Meeting);
    }

    private static async Task<(int ExitCode, string Output)> RunSampleAsync(string connectionString, string name)
    {
        var dll = Path.Combine(
            RepositoryRoot.Path, "samples", "Publisher", "bin", RepositoryRoot.BuildConfiguration,
            new DirectoryInfo(AppContext.BaseDirectory).Name, "RelationsTracker.Publisher.dll");
        var start = new ProcessStartInfo("dotnet", [dll, name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["TRACKER_DATABASE"] = connectionString },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
