using Marten;
using Microsoft.Extensions.Hosting;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// When a server starts, brings the steps an earlier release stored to this layout (<see cref="ProjectedTables"/>)
/// before Marten applies its migrations, which cannot make that change and would stop the server. Marten applies them
/// in the first hosted service to start: this is done in the step before, as the host is starting.
/// </summary>
public sealed class StepLayoutUpgrade(IDocumentStore store) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        await ProjectedTables.UpgradeStepsAsync(session, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
