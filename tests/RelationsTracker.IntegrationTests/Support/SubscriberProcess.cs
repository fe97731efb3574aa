using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using RelationsTracker.Contracts;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// The sample subscriber (<c>samples/Subscriber</c>) run from its own build folder, as <c>dotnet run</c> would: a
/// process of its own, listening to a queue of the tracker's database and printing each change as a line of JSON.
/// </summary>
public sealed class SubscriberProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();

    private SubscriberProcess(Process process) => _process = process;

    /// <summary>Everything it printed so far, for a failing test's message.</summary>
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

    private static string Executable => Path.Combine(
        RepositoryRoot.Path, "samples", "Subscriber", "bin", RepositoryRoot.BuildConfiguration,
        new DirectoryInfo(AppContext.BaseDirectory).Name, "RelationsTracker.Subscriber.dll");

    public static SubscriberProcess Start(string connectionString, string queue)
    {
        var start = new ProcessStartInfo("dotnet", [Executable, queue])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["TRACKER_DATABASE"] = connectionString },
        };
        var subscriber = new SubscriberProcess(Process.Start(start)!);
        subscriber._process.OutputDataReceived += (_, line) => subscriber.Keep(line.Data, printed: true);
        subscriber._process.ErrorDataReceived += (_, line) => subscriber.Keep(line.Data, printed: false);
        subscriber._process.EnableRaisingEvents = true;
        subscriber._process.Exited += (_, _) => subscriber._lines.Writer.TryComplete();
        subscriber._process.BeginOutputReadLine();
        subscriber._process.BeginErrorReadLine();
        return subscriber;
    }

    /// <summary>The changes it prints until one matches, that one last; throws if it has not printed one in time or exits.</summary>
    public async Task<IReadOnlyList<ChannelStatusChanged>> ChangesUntilAsync(Func<ChannelStatusChanged, bool> last, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var changes = new List<ChannelStatusChanged>();
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(deadline.Token))
            {
                var change = Parse(line);
                changes.Add(change);
                if (last(change))
                {
                    return changes;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The subscriber printed no such change within {timeout}:\n{Output}");
        }

        throw new InvalidOperationException($"The subscriber exited without printing such a change:\n{Output}");
    }

    private ChannelStatusChanged Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<ChannelStatusChanged>(line, JsonSerializerOptions.Web)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The subscriber printed what is not a change: {line}\n{Output}", e);
        }
    }

    private void Keep(string? line, bool printed)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (printed)
        {
            _lines.Writer.TryWrite(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
