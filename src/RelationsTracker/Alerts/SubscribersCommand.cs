using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsTracker.Access;
using Wolverine.Runtime;

namespace RelationsTracker.Alerts;

/// <summary>relations subscribers add NAME: a PostgreSQL role that may take the changes of its queue, NAME, and nothing else.</summary>
[Description("Add a PostgreSQL role, named as its queue, that can take that queue's changes and cannot read or change anything else", Name = "subscribers")]
public sealed class SubscribersCommand : QueueRoleCommand
{
    protected override string? Refusal(string name) => SubscriberQueues.Refusal(name);

    protected override Task<string> AddAsync(IHost host, string name) => SubscriberRoles.AddAsync(
        host.Services.GetRequiredService<TrackerDatabase>(), host.Services.GetRequiredService<IWolverineRuntime>(), name, CancellationToken.None);

    protected override string Added(string name) =>
        $"Subscriber '{name}': its connection string, shown only this once (its queue and its inbox's schema are '{name}'):";
}
