using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Empties the projected state and projects every event again, in the process that runs the projection: a server
/// rebuilds with its own daemon; a command-line job takes the daemon's locks of every part first, and gives up when a
/// server holds any (two daemons projecting a part at once would apply its events twice).
/// </summary>
public static class StateRebuild
{
    /// <summary>How long a command-line job waits for the daemon's lock of each part.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    /// <returns>False, having done nothing, when another process runs the projection.</returns>
    public static async Task<bool> RunAsync(IServiceProvider services, TimeSpan timeout, CancellationToken cancellation)
    {
        var coordinator = services.GetRequiredService<IProjectionCoordinator>();
        var daemon = coordinator.DaemonForMainDatabase();
        // A started host (a server) runs the coordinator among its hosted services; a command's host is never started.
        var started = !services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested;
        if (started)
        {
            await ((IHostedService)coordinator).StartAsync(cancellation);
        }

        try
        {
            try
            {
                foreach (var part in StatePart.All)
                {
                    await daemon.WaitForShardToBeRunning(part.Shard.Identity, LockWait);
                }
            }
            catch (TimeoutException)
            {
                return false;
            }

            await MarkReplayAsync(services.GetRequiredService<IDocumentStore>(), cancellation);
            await Task.WhenAll(StatePart.All.Select(part => daemon.RebuildProjectionAsync(part.Name, timeout, cancellation)));
            return true;
        }
        finally
        {
            if (started)
            {
                await ((IHostedService)coordinator).StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Notes that the events committed until now are replayed: what the projection finds in them is not news.</summary>
    private static async Task MarkReplayAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        await ProjectedTables.EnsureAsync(session, cancellation);
        var committed = await StateFreshness.CommittedAsync(session, cancellation);
        session.QueueSqlCommand(
            $"insert into {ProjectedTables.ReplayTable} (id, through) values (1, ?) on conflict (id) do update set through = excluded.through",
            committed);
        await session.SaveChangesAsync(cancellation);
    }
}
