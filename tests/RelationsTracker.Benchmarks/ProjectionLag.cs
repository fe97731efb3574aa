using System.Diagnostics;
using Marten;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// Watches how far the state lags behind the events while writers run: every 20 ms it notes the last event committed
/// and the last one projected. The delay of a commit is the time from the first sample that saw it committed to the
/// first that saw it projected (so each delay is known within a sample's 20 ms).
/// </summary>
internal sealed class ProjectionLag : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly List<(TimeSpan At, long Committed, long Projected)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ProjectionLag(IDocumentStore store) => _watching = WatchAsync(store);

    /// <summary>Starts watching; <see cref="CaughtUpAsync"/> ends it.</summary>
    public static ProjectionLag Start(IDocumentStore store) => new(store);

    private async Task WatchAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        while (!_stop.IsCancellationRequested)
        {
            var (committed, projected) = await StateFreshness.PositionsAsync(session, CancellationToken.None);
            lock (_samples)
            {
                _samples.Add((_clock.Elapsed, committed, projected));
            }

            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until the state includes every event committed (up to <paramref name="timeout"/>), stops watching, and
    /// returns the delays of the commits seen since <paramref name="from"/>, and when the state caught up.
    /// </summary>
    public async Task<(IReadOnlyList<double> DelaysMs, TimeSpan CaughtUpAt)> CaughtUpAsync(TimeSpan from, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            lock (_samples)
            {
                if (_samples.Count > 0 && _samples[^1].Projected >= _samples[^1].Committed && _samples[^1].At > from)
                {
                    break;
                }
            }

            await Task.Delay(Interval);
        }

        await _stop.CancelAsync();
        await _watching;
        lock (_samples)
        {
            var delays = new List<double>();
            long seen = 0;
            for (var i = 0; i < _samples.Count; i++)
            {
                // Each commit counts once, at the first sample that saw it; a sample that saw nothing new adds none.
                if (_samples[i].At < from || _samples[i].Committed <= seen)
                {
                    continue;
                }

                seen = _samples[i].Committed;
                var projectedAt = _samples.Skip(i).FirstOrDefault(s => s.Projected >= _samples[i].Committed);
                if (projectedAt != default)
                {
                    delays.Add((projectedAt.At - _samples[i].At).TotalMilliseconds);
                }
            }

            var caughtUp = _samples[^1].Projected >= _samples[^1].Committed ? _samples[^1].At : TimeSpan.MaxValue;
            return (delays, caughtUp);
        }
    }

    /// <summary>The value below which <paramref name="share"/> of the values lie (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> values, double share)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
