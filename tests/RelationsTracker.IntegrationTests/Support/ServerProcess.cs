using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// The real <c>relations</c> executable serving HTTP on a free port of 127.0.0.1, against a test database: what a
/// browser needs, a real socket, which the in-memory test host does not open.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>A client of this server that sends the admin key.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TrackerApp.AdminKey);
        return client;
    }

    /// <summary>Everything the server printed so far, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The server on a test database, accepting <see cref="TrackerApp.AdminKey"/>, with the settings given (as environment variables).</summary>
    public static Task<ServerProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["RelationsTracker__Auth__BootstrapAdminKey"] = TrackerApp.AdminKey,
        });

    /// <summary>The server with no connection string, as a user starts it: on its embedded PostgreSQL in that directory.</summary>
    public static Task<ServerProcess> StartEmbeddedAsync(string dataDirectory) =>
        StartAsync(new Dictionary<string, string> { ["LocalPostgres__DataDirectory"] = dataDirectory });

    private static async Task<ServerProcess> StartAsync(Dictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relations.dll"));
        // As docs/operations.md tells a user to choose the address.
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        start.Environment["RelationsTracker__SeedOnStart"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, address);
        server._process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync();
            return server;
        }
        catch
        {
            // A server that never answered must not outlive the test run.
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // The first request waits for the server to compile its handlers: the whole start-up time is allowed to it.
        using var client = new HttpClient { BaseAddress = Address, Timeout = StartTimeout };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var answer = await client.GetAsync(new Uri("/api/relationships", UriKind.Relative));
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The server did not answer on {Address} within {StartTimeout}:\n{Output}");
    }

    private void Keep(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>A port nobody listens on now; the server binds it a moment later.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would: no shutdown, no flushing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Stops the server as Ctrl-C would (SIGTERM): it shuts down, and stops an embedded PostgreSQL it started.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await terminate.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(StartTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
