using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// <c>relations status USA CHN --as-of 2023-07-12</c> on the seed scenario, end to end as a user runs it from a shell:
/// the executable published ReadyToRun (docs/command-line.md), the built executable, <c>dotnet run --no-build</c>, and
/// <c>dotnet run</c> (which first checks the build is up to date), each from process start to exit. The first run of
/// each way is a warm-up and is not counted.
/// </summary>
internal static class CliBenchmark
{
    private static readonly string[] Status = ["status", "USA", "CHN", "--as-of", "2023-07-12"];

    public static async Task RunAsync(LocalPostgresCluster cluster, int runs)
    {
        await using var database = await ScratchDatabase.CreateAsync(cluster);
        var connectionString = database.ConnectionString;
        await using (var server = await ServerProcess.StartAsync(connectionString, seed: true))
        {
            await SeedRecordedAsync(server);
        }

        var repository = RepositoryRoot();
        var project = Path.Combine(repository, "src", "RelationsTracker.Server");
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
        var executable = Path.Combine(project, "bin", configuration, "net10.0", "relations");
        var published = Directory.CreateTempSubdirectory("relations-published-");
        await PublishAsync(project, configuration, published.FullName);
        var ways = new (string Name, string Program, string[] Arguments)[]
        {
            ("relations (published, ReadyToRun)", Path.Combine(published.FullName, "relations"), Status),
            ("relations (the built executable)", executable, Status),
            ("dotnet run --no-build", "dotnet", ["run", "--no-build", "-c", configuration, "--project", project, "--", .. Status]),
            ("dotnet run", "dotnet", ["run", "-c", configuration, "--project", project, "--", .. Status]),
        };

        Console.WriteLine($"relations {string.Join(' ', Status)}: {runs} runs after a warm-up, seconds from start to exit");
        Console.WriteLine($"{"way",-34} {"median",8} {"min",8} {"max",8}");
        foreach (var (name, program, arguments) in ways)
        {
            await TimeAsync(program, arguments, repository, connectionString);
            var seconds = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                seconds.Add(await TimeAsync(program, arguments, repository, connectionString));
            }

            seconds.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-34} {seconds[seconds.Count / 2],8:0.00} {seconds[0],8:0.00} {seconds[^1],8:0.00}"));
        }

        published.Delete(recursive: true);
    }

    private static async Task PublishAsync(string project, string configuration, string output)
    {
        var publish = new ProcessStartInfo(
            "dotnet",
            ["publish", project, "-c", configuration, "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false",
             "-p:PublishReadyToRun=true", "-o", output])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(publish)!;
        var log = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed: {log}");
        }
    }

    private static async Task<double> TimeAsync(string program, string[] arguments, string workingDirectory, string connectionString)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0 || !(await output).Contains("stalled", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await errors}");
        }

        return elapsed;
    }

    private static async Task SeedRecordedAsync(ServerProcess server)
    {
        using var http = server.Client(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var answer = await http.GetAsync("/api/relationships/USA/CHN?asOf=2023-07-12");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The server did not record the seed scenario within 60 s.");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RelationsTracker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("No RelationsTracker.sln above the benchmarks.");
    }
}
