using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// The real server, <c>relations</c>, as its own process on a free loopback port; what it logs (warnings and errors)
/// is kept in a file, to look into a run afterwards.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TextWriter _log;

    private ServerProcess(Process process, Uri address, TextWriter log)
    {
        _process = process;
        Address = address;
        _log = log;
    }

    public Uri Address { get; }

    /// <summary>The admin key the benchmark's server accepts; its writes send it.</summary>
    public const string AdminKey = "benchmark-bootstrap-admin-key";

    /// <summary>A client of this server that sends the admin key.</summary>
    public HttpClient Client(TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts it; with <paramref name="seed"/>, it records the seed scenario as it starts.</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, bool seed = false)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relations.dll"));
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["RelationsTracker__SeedOnStart"] = seed ? "true" : "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["RelationsTracker__Auth__BootstrapAdminKey"] = AdminKey;
        // The benchmarks measure the server, not its rate limits.
        start.Environment["RelationsTracker__Auth__RateLimits__PerKey"] = "0";
        start.Environment["RelationsTracker__Auth__RateLimits__PerAddress"] = "0";
        var process = Process.Start(start)!;
        var logPath = Path.Combine(Path.GetTempPath(), $"relations-benchmark-server-{process.Id}.log");
        var log = TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true });
        Console.WriteLine($"  server log: {logPath}");
        process.OutputDataReceived += (_, line) => log.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), log);
        using var http = new HttpClient { BaseAddress = server.Address };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout && !process.HasExited)
        {
            try
            {
                using var answer = await http.GetAsync("/api/engagements/start-probe");
                if (answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"The server did not answer within {StartTimeout} (exited: {process.HasExited}).");
    }

    /// <summary>The processor time the server has used so far.</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The process's peak resident memory (VmHWM), in MiB.</summary>
    public double PeakMemoryMib() => StatusMib("VmHWM:");

    /// <summary>The process's resident memory now (VmRSS), in MiB.</summary>
    public double CurrentMemoryMib() => StatusMib("VmRSS:");

    private double StatusMib(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
