using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsTracker.Contracts;
using RelationsTracker.Relationships.Projection;
using Wolverine.Marten;

namespace RelationsTracker.Alerts;

/// <summary>
/// Announces the changes the passing of time brought (<see cref="TimeChanges"/>), and publishes the changes recorded
/// with the state (<see cref="ProjectedChanges"/>), wherever the projection ran. Each is published in one transaction with Wolverine's outbox that marks it published, so it is
/// published once; rows locked by another server's relay are skipped, so that two servers never publish the same
/// change twice.
/// </summary>
public sealed partial class ChangeRelay(IServiceProvider services, IDocumentStore store, TimeProvider clock, ILogger<ChangeRelay> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    // Every change waits for the next pass: a short interval keeps that wait small; a pass with nothing to publish
    // reads one index entry.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private static readonly string Unpublished =
        $"select change from {ProjectedTables.ChangeTable} where not published order by seq limit {BatchSize} for update skip locked";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Announces the time changes due, then publishes every unpublished change.</summary>
    public async Task PassAsync(CancellationToken cancellation)
    {
        await TimeChanges.AnnounceAsync(store, clock, cancellation);
        while (await RelayAsync(cancellation) == BatchSize)
        {
        }
    }

    /// <summary>Publishes up to a batch of unpublished changes; returns how many.</summary>
    public async Task<int> RelayAsync(CancellationToken cancellation)
    {
        using var scope = services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        await using var session = store.LightweightSession();
        await ProjectedTables.EnsureAsync(session, cancellation);
        outbox.Enroll(session);
        await session.BeginTransactionAsync(cancellation);
        var changes = await session.QueryAsync<ChannelStatusChanged>(Unpublished, cancellation);
        if (changes.Count == 0)
        {
            return 0;
        }

        foreach (var change in changes)
        {
            await outbox.PublishAsync(change);
        }

        session.QueueSqlCommand($"update {ProjectedTables.ChangeTable} set published = true where change_id = any(?)", [changes.Select(c => c.ChangeId).ToArray()]);
        await session.SaveChangesAsync(cancellation);
        return changes.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Relaying the recorded changes failed; the next pass tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
