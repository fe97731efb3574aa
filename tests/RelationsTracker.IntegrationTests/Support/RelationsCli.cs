using System.Diagnostics;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>Runs the real <c>relations</c> executable against a test database, as a user would from a shell.</summary>
public static class RelationsCli
{
    public static Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relations.dll"));
        return RunAsync(start, connectionString, arguments);
    }

    /// <summary>
    /// Runs it as README shows, <c>dotnet run --project src/RelationsTracker.Server -- ...</c>, from
    /// <paramref name="workingDirectory"/>, without building it again (the tests' build has built it).
    /// </summary>
    public static Task<(int ExitCode, string Output)> RunThroughDotnetRunAsync(
        string connectionString, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var argument in new[] { "run", "--no-build", "--configuration", RepositoryRoot.BuildConfiguration, "--project", ServerProject, "--" })
        {
            start.ArgumentList.Add(argument);
        }

        return RunAsync(start, connectionString, arguments);
    }

    private static string ServerProject => Path.Combine(
        RepositoryRoot.Path, "src", "RelationsTracker.Server", "RelationsTracker.Server.csproj");

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, string connectionString, string[] arguments)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["RelationsTracker__SeedOnStart"] = "false";
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
