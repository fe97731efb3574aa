using System.Diagnostics;
using System.Globalization;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// The processor time used so far by this process, the server (if one runs) and the PostgreSQL cluster. The cluster's
/// is its postmaster's with its children's: those running (read from Linux's <c>/proc</c>) and those that ended (which
/// the postmaster's own counters hold). Elsewhere than on Linux the cluster's is not known (null).
/// </summary>
internal sealed record CpuTime(TimeSpan ThisProcess, TimeSpan? Server, TimeSpan? Postgres)
{
    /// <summary>Linux counts processor time in <c>/proc</c> in ticks of USER_HZ, which is 100 a second.</summary>
    private const double TicksPerSecond = 100;

    public static CpuTime Now(LocalPostgresCluster cluster, ServerProcess? server) => new(
        Process.GetCurrentProcess().TotalProcessorTime,
        server?.ProcessorTime(),
        OperatingSystem.IsLinux() ? PostgresTime(cluster) : null);

    public static CpuTime operator -(CpuTime end, CpuTime start) =>
        new(end.ThisProcess - start.ThisProcess, end.Server - start.Server, end.Postgres - start.Postgres);

    /// <summary>The postmaster's processor time with that of its children, ended (counted by it) and running.</summary>
    private static TimeSpan PostgresTime(LocalPostgresCluster cluster)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        double ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            // Fields after the command name: state (0), ppid (1), ..., utime (11), stime (12), cutime (13), cstime (14).
            if (pid == postmaster)
            {
                ticks += stat[11] + stat[12] + stat[13] + stat[14];
            }
            else if (stat[1] == postmaster)
            {
                ticks += stat[11] + stat[12];
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static long[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces: the fields start after its closing parenthesis.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')
                .Select(field => long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0)
                .ToArray();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
