using Marten;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Read-your-writes over an asynchronous projection: before answering, a read waits (a bounded time) until the state
/// includes every event committed when the read began, so that whoever wrote before asking, on any server, sees
/// their write. The wait is settled once per request or command (<see cref="Settle"/>); reads after it do not wait
/// again.
/// </summary>
public static class StateFreshness
{
    /// <summary>How long a read waits when nobody settled it first (a read outside a request, as in the tests).</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    private static readonly AsyncLocal<bool> Settled = new();

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the state to include every event committed now, and returns how many
    /// of those it still lacks (0 when it has them all). Reads in the same flow of execution afterwards do not wait.
    /// </summary>
    public static Task<long> Settle(IQuerySession session, TimeSpan wait, CancellationToken cancellation)
    {
        MarkSettled();
        return WaitAsync(session, wait, cancellation);
    }

    /// <summary>
    /// Waits as <see cref="Settle"/> does (<see cref="Timeout.InfiniteTimeSpan"/>: until the state has caught up), and
    /// leaves later reads to wait for themselves.
    /// </summary>
    /// <param name="progress">Told how many events are projected out of how many, while it waits.</param>
    public static async Task<long> WaitAsync(
        IQuerySession session, TimeSpan wait, CancellationToken cancellation, IProgress<(long Projected, long Committed)>? progress = null)
    {
        await ProjectedTables.EnsureAsync(session, cancellation);
        var (target, projected) = await PositionsAsync(session, cancellation);
        if (projected >= target || wait == TimeSpan.Zero)
        {
            return Math.Max(0, target - projected);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(wait);
        try
        {
            while (projected < target)
            {
                progress?.Report((projected, target));
                await Task.Delay(Poll, timeout.Token);
                projected = await ProjectedAsync(session, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Answered from the state as it is; the caller says how far behind.
        }

        return Math.Max(0, target - projected);
    }

    /// <summary>
    /// Reads in this flow of execution from now on do not wait. A value set inside an async method does not flow back
    /// to its caller: this is called from the synchronous part of the methods that settle.
    /// </summary>
    internal static void MarkSettled() => Settled.Value = true;

    /// <summary>Waits as <see cref="Settle"/> does with <see cref="DefaultWait"/>, unless this flow has settled already.</summary>
    internal static Task EnsureAsync(IQuerySession session, CancellationToken cancellation) =>
        Settled.Value ? Task.CompletedTask : WaitAsync(session, DefaultWait, cancellation);

    /// <summary>
    /// The last event committed, and the last one the state includes. The last committed, not the last sequence
    /// number handed out: a write that rolled back leaves a number no event will ever fill.
    /// </summary>
    public static async Task<(long Committed, long Projected)> PositionsAsync(IQuerySession session, CancellationToken cancellation) =>
        (await CommittedAsync(session, cancellation), await ProjectedAsync(session, cancellation));

    /// <summary>The last event committed.</summary>
    internal static Task<long> CommittedAsync(IQuerySession session, CancellationToken cancellation) =>
        session.Events.QueryAllRawEvents()
            .OrderByDescending(e => e.Sequence)
            .Select(e => e.Sequence)
            .FirstOrDefaultAsync(cancellation);

    /// <summary>The last event the state includes: as far as every part has projected.</summary>
    private static async Task<long> ProjectedAsync(IQuerySession session, CancellationToken cancellation)
    {
        var progress = (await session.Database.AllProjectionProgress(cancellation)).ToDictionary(s => s.ShardName, s => s.Sequence, StringComparer.Ordinal);
        return StatePart.All.Min(part => progress.GetValueOrDefault(part.Shard.Identity));
    }
}
