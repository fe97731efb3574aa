using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsTracker.Contracts;
using Wolverine;
using Wolverine.Postgresql;

// The tracker's database, as the role `relations publishers add my_publisher` makes: it prints the connection string.
var connectionString = Environment.GetEnvironmentVariable("TRACKER_DATABASE")
    ?? throw new InvalidOperationException("Set TRACKER_DATABASE to the connection string `relations publishers add` printed.");
// The role's name, which is also the schema of the publisher's own outbox.
var publisher = args.ElementAtOrDefault(0) ?? "my_publisher";

using var host = Host.CreateDefaultBuilder()
    // A publisher handles no messages: Wolverine's warning that it found no handlers is expected.
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error))
    .UseWolverine(options =>
    {
        options.UsePostgresqlPersistenceAndTransport(connectionString, publisher, transportSchema: "wolverine_queues").AutoProvision();
        // Ids no other process on this machine can also pick (Wolverine's default derives them from the machine and
        // the clock): a message whose id the tracker already holds would stall its queue.
        options.EnvelopeIdGeneration = EnvelopeIdGeneration.GuidV7;
        options.PublishMessage<SubmitEngagements>().ToPostgresqlQueue("engagements");
    })
    .Build();
await host.StartAsync();

// Up to 1,000 engagements a message; each is recorded, or dead-lettered with its reason, on its own.
var bus = host.Services.GetRequiredService<IMessageBus>();
await bus.PublishAsync(new SubmitEngagements([
    new RecordEngagement
    {
        SourceId = "sample-publisher-0001", Kind = "meeting", OccurredOn = "2024-03-01",
        Initiator = new Participant { Country = "USA", Sector = "diplomatic" },
        Counterpart = new Participant { Country = "CHN", Sector = "diplomatic" },
        Source = new SourceReference { Publisher = "Example Wire" },
    },
]));

await host.StopAsync();
Console.WriteLine("Published sample-publisher-0001 to the tracker's queue.");
