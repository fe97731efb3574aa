using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using Wolverine;
using Wolverine.Postgresql;

namespace RelationsTracker.Engagements.Submitting;

/// <summary>
/// How a separate process publishes engagements to the tracker's queue: the command line's <c>submit</c> does
/// exactly this, and so can any .NET application that references RelationsTracker.Contracts and WolverineFx.Postgresql.
/// </summary>
public static class EngagementPublishing
{
    /// <param name="options">The publisher's Wolverine options.</param>
    /// <param name="connectionString">The tracker's PostgreSQL database.</param>
    /// <param name="publisherSchema">A schema of the publisher's own for its outbox.</param>
    public static void PublishTo(WolverineOptions options, string connectionString, string publisherSchema = "relations_publisher")
    {
        options.UsePostgresqlPersistenceAndTransport(connectionString, publisherSchema, transportSchema: EngagementQueue.TransportSchema)
            .AutoProvision();
        options.EnvelopeIdGeneration = EngagementQueue.EnvelopeIds;
        options.PublishMessage<RecordEngagement>().ToPostgresqlQueue(EngagementQueue.Name);
        options.PublishMessage<SubmitEngagements>().ToPostgresqlQueue(EngagementQueue.Name);
        options.PublishMessage<CorrectEngagement>().ToPostgresqlQueue(EngagementQueue.Name);

        // The publisher does not handle engagements itself.
        options.Discovery.DisableConventionalDiscovery();
    }

    /// <summary>A started publisher host, for a command-line run or a test.</summary>
    public static async Task<IHost> StartPublisherAsync(string connectionString, string publisherSchema = "relations_publisher")
    {
        var host = Host.CreateDefaultBuilder()
            // Its start-up (schema checks, listeners, the handlers it deliberately has none of) is no news to the
            // person running the command; its warnings and errors are.
            .ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error))
            .UseWolverine(options =>
            {
                options.ApplicationAssembly = typeof(EngagementPublishing).Assembly;
                PublishTo(options, connectionString, publisherSchema);
            })
            .Build();
        await host.StartAsync();
        return host;
    }
}
