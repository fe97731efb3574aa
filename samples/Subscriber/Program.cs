using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsTracker.Contracts;
using Wolverine;
using Wolverine.Postgresql;

// The tracker's database, as the role `relations subscribers add my_analytics` makes: it prints the connection string.
var connectionString = Environment.GetEnvironmentVariable("TRACKER_DATABASE")
    ?? throw new InvalidOperationException("Set TRACKER_DATABASE to the connection string `relations subscribers add` printed.");
// The queue a watch delivers to (`relations watch add --queue my_analytics`), which is also the role's name.
var queue = args.ElementAtOrDefault(0) ?? "my_analytics";

using var host = Host.CreateDefaultBuilder()
    // The changes alone go to standard output; the logs, warnings and errors only, to standard error.
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
    .UseWolverine(options =>
    {
        // The subscriber's own inbox lives in the schema of its name; the queue is the tracker's.
        options.UsePostgresqlPersistenceAndTransport(connectionString, queue, transportSchema: "wolverine_queues").AutoProvision();
        // Ids no other process on this machine can also pick (Wolverine's default derives them from the machine and
        // the clock): a change whose id this inbox already holds would stall the queue.
        options.EnvelopeIdGeneration = EnvelopeIdGeneration.GuidV7;
        // One at a time, in the order they were queued; looked for every second.
        options.ListenToPostgresqlQueue(queue).MaximumMessagesToReceive(100).PollingInterval(TimeSpan.FromSeconds(1)).Sequential();
    })
    .Build();
await host.RunAsync();

/// <summary>Prints each change once, as a line of JSON.</summary>
public static class ChannelStatusChangedHandler
{
    // Delivery is at least once: a change may come twice, with the same id. A real subscriber keeps the ids it has
    // handled with what it did with them (in its database, in one transaction).
    private static readonly HashSet<Guid> Handled = [];

    public static void Handle(ChannelStatusChanged change)
    {
        if (Handled.Add(change.ChangeId))
        {
            Console.WriteLine(JsonSerializer.Serialize(change, JsonSerializerOptions.Web));
            Console.Out.Flush();
        }
    }
}
