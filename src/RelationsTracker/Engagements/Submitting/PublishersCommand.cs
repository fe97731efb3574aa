using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsTracker.Access;

namespace RelationsTracker.Engagements.Submitting;

/// <summary>relations publishers add NAME: a PostgreSQL role that may publish to the queue and nothing else.</summary>
[Description("Add a PostgreSQL role that can publish to the engagements queue and cannot read or change the event store", Name = "publishers")]
public sealed class PublishersCommand : QueueRoleCommand
{
    protected override string? Refusal(string name) => PublisherRoles.Refusal(name);

    protected override Task<string> AddAsync(IHost host, string name) =>
        PublisherRoles.AddAsync(host.Services.GetRequiredService<TrackerDatabase>(), name, CancellationToken.None);

    protected override string Added(string name) =>
        $"Publisher '{name}': its connection string, shown only this once (its outbox schema is '{name}'):";
}
