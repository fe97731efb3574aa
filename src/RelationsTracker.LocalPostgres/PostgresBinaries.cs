using System.Diagnostics;
using System.Text;

namespace RelationsTracker.LocalPostgres;

/// <summary>The PostgreSQL server programs on this machine, run as the <c>postgres</c> user when we are root.</summary>
internal sealed class PostgresBinaries
{
    private const string ServerUser = "postgres";
    private readonly string _directory;
    private readonly bool _asServerUser;

    private PostgresBinaries(string directory, bool asServerUser)
    {
        _directory = directory;
        _asServerUser = asServerUser;
    }

    public static PostgresBinaries Find()
    {
        var directory = Candidates().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new PostgresUnavailableException(
                "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin. " +
                "Install them (Debian/Ubuntu: apt-get install -y postgresql) or set a connection string.");

        var asServerUser = Environment.UserName == "root";
        if (asServerUser && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            throw new PostgresUnavailableException("Running as root, PostgreSQL must run as the 'postgres' user, but runuser was not found.");
        }

        return new PostgresBinaries(directory, asServerUser);
    }

    private static IEnumerable<string> Candidates()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return directory;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            foreach (var version in Directory.GetDirectories(debianRoot).OrderByDescending(VersionNumber))
            {
                yield return Path.Combine(version, "bin");
            }
        }
    }

    private static int VersionNumber(string directory) =>
        int.TryParse(Path.GetFileName(directory), out var version) ? version : 0;

    /// <summary>Hands a directory we created to the server user, who must own the data directory.</summary>
    public void GiveToServerUser(string directory)
    {
        if (!_asServerUser)
        {
            return;
        }

        var (exitCode, output) = RunProcess("chown", ["-R", $"{ServerUser}:", directory]);
        if (exitCode != 0)
        {
            throw new PostgresUnavailableException($"Could not give {directory} to the '{ServerUser}' user: {output}");
        }
    }

    public async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var (exitCode, output) = await TryRunAsync(program, arguments, cancellation);
        if (exitCode != 0)
        {
            throw new PostgresUnavailableException($"{program} failed with exit code {exitCode}: {output.Trim()}");
        }
    }

    public Task<(int ExitCode, string Output)> TryRunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var command = CommandLine(program, arguments);
        return RunProcessAsync(command[0], command[1..], cancellation);
    }

    /// <summary>The program and its arguments as they are run (through runuser when we are root).</summary>
    public string[] CommandLine(string program, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_directory, program);
        return _asServerUser ? ["runuser", "-u", ServerUser, "--", executable, .. arguments] : [executable, .. arguments];
    }

    private static (int ExitCode, string Output) RunProcess(string executable, IReadOnlyList<string> arguments) =>
        RunProcessAsync(executable, arguments, CancellationToken.None).GetAwaiter().GetResult();

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user cannot read root's home; run from a directory everyone can enter.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new PostgresUnavailableException($"Could not start {executable}.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
