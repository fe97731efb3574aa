using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using Wolverine;

namespace RelationsTracker.Seed;

/// <summary>
/// The US-China engagements of July 2023 that the project started from (a news story of 2023-07-13: the Pentagon
/// meeting of Xie Feng and Ely Ratner after the Singapore snub), shipped so that a new user sees a real relationship.
/// </summary>
public static class SeedScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RecordEngagement> Engagements()
    {
        using var stream = typeof(SeedScenario).Assembly.GetManifestResourceStream("seed-scenario.json")
            ?? throw new InvalidOperationException("The seed scenario is missing from the assembly.");
        return JsonSerializer.Deserialize<List<RecordEngagement>>(stream, Json)
            ?? throw new InvalidOperationException("The seed scenario is empty.");
    }
}

/// <summary>
/// Records the seed scenario through the bus at start-up, before the server listens: the host starts its services one
/// after the other and the web server last, so that no page is served before the story is in (a first page served
/// early showed no relationship). A repeat is a duplicate, so it is safe every time.
/// </summary>
public sealed partial class SeedScenarioLoader(IServiceProvider services, ILogger<SeedScenarioLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var recorded = 0;
        foreach (var engagement in SeedScenario.Engagements())
        {
            try
            {
                var outcome = await bus.RecordAsync(engagement, cancellationToken);
                recorded += outcome.Duplicate ? 0 : 1;
            }
            catch (EngagementConflictException conflict)
            {
                // The database holds an earlier edition of this seed engagement: keep it, and say so.
                LogKept(logger, conflict.SourceId);
            }
        }

        LogSeeded(logger, recorded);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed scenario loaded: {Recorded} new engagements.")]
    private static partial void LogSeeded(ILogger logger, int recorded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed engagement {SourceId} is recorded with other content; the recorded version is kept.")]
    private static partial void LogKept(ILogger logger, string sourceId);
}
