using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships.Projection;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// Servers started together on a new database, as a deployment of several starts them: each takes some parts of the
/// projection, and none fails to start one because the other was creating the same tables at that moment. The
/// collision is a race, which a start hit about one time in three: the test starts pairs several times.
/// </summary>
public sealed class ServersStartingTogetherTests
{
    private const int Pairs = 6;

    [Fact]
    public async Task Two_servers_started_at_once_on_a_new_database_log_no_error()
    {
        for (var pair = 0; pair < Pairs; pair++)
        {
            var connectionString = await TestPostgres.CreateDatabaseAsync();
            try
            {
                var clock = new FakeTimeProvider();
                var starting = new[] { 0, 1 }.Select(_ => TrackerApp.StartServerAsync(connectionString, clock, services: s => s.AddFakeLogging())).ToArray();
                await using var first = await starting[0];
                await using var second = await starting[1];
                // A part that failed to start is started again a second later, by one server or the other: once every
                // part runs, any failure has been logged.
                await Eventually.ReturnsAsync(
                    () => Task.FromResult(new[] { first, second }
                        .SelectMany(host => host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents())
                        .Select(agent => agent.Name.Identity)
                        .ToHashSet()),
                    running => StatePart.All.All(part => running.Contains(part.Shard.Identity)),
                    "every part of the projection to run");

                new[] { first, second }
                    .SelectMany(host => host.Services.GetFakeLogCollector().GetSnapshot())
                    .Where(r => r.Level >= LogLevel.Warning)
                    .Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}")
                    .ShouldBeEmpty();
            }
            finally
            {
                await TestPostgres.DropDatabaseAsync(connectionString);
            }
        }
    }
}
