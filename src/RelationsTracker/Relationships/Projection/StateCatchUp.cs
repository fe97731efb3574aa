using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Brings the projected state up to every event committed, for a command-line job (which starts no hosted service):
/// it starts Marten's projection coordinator, which either takes the daemon's lock and projects here (no server is
/// running) or stands by while the server holding the lock projects; and waits until the state has caught up.
/// </summary>
public static class StateCatchUp
{
    /// <param name="progress">Told how many events are projected out of how many, while it waits.</param>
    public static Task RunAsync(IServiceProvider services, IProgress<(long Projected, long Committed)>? progress, CancellationToken cancellation)
    {
        // The command's reads after this need not wait again; set here, as a value set in an async method stays there.
        StateFreshness.MarkSettled();
        return CatchUpAsync(services, progress, cancellation);
    }

    private static async Task CatchUpAsync(IServiceProvider services, IProgress<(long Projected, long Committed)>? progress, CancellationToken cancellation)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        if (await StateFreshness.WaitAsync(session, TimeSpan.Zero, cancellation) == 0)
        {
            return;
        }

        var coordinator = (IHostedService)services.GetRequiredService<JasperFx.Events.Daemon.IProjectionCoordinator>();
        await coordinator.StartAsync(cancellation);
        try
        {
            await StateFreshness.WaitAsync(session, Timeout.InfiniteTimeSpan, cancellation, progress);
        }
        finally
        {
            await coordinator.StopAsync(CancellationToken.None);
        }
    }
}
