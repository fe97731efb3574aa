using Microsoft.Extensions.Logging;
using RelationsTracker.Engagements.Recording;
using Wolverine.Postgresql.Transport;
using Wolverine.Runtime;

namespace RelationsTracker.Alerts;

/// <summary>
/// The PostgreSQL queues watches deliver changes to, each named by its subscriber: tables of the schema the
/// engagements queue lives in, which a subscriber's Wolverine listens to.
/// </summary>
public static class SubscriberQueues
{
    /// <summary>Long enough for a name, short enough for its tables' names (<c>wolverine_queue_{name}_scheduled</c>) to fit PostgreSQL's 63.</summary>
    public const int MaxNameLength = 37;

    /// <summary>Where Wolverine sends to the queue of that name.</summary>
    public static Uri Address(string name) => new($"{PostgresqlTransport.ProtocolName}://{name}");

    /// <summary>The queue's two tables, as Wolverine names them.</summary>
    public static IReadOnlyList<string> Tables(string name) => [$"wolverine_queue_{name}", $"wolverine_queue_{name}_scheduled"];

    /// <summary>Why a name cannot be a subscriber's queue, or null when it can.</summary>
    public static string? Refusal(string name) =>
        name == EngagementQueue.Name
            ? $"'{name}' is the tracker's own intake queue; name one of the subscriber's."
            : PlainNames.IsPlain(name, MaxNameLength)
                ? null
                : $"'{name}' is not a queue name: use lower-case letters, digits and '_', starting with a letter or '_' (at most {MaxNameLength}).";

    /// <summary>
    /// Makes the queue's tables unless they exist, as Wolverine would for a queue it knew at start-up: a subscriber
    /// may then listen before the first change, and its role be granted them (see <see cref="SubscriberRoles"/>).
    /// </summary>
    public static async Task EnsureAsync(IWolverineRuntime runtime, string name)
    {
        var transport = runtime.Options.Transports.GetOrCreate<PostgresqlTransport>();
        // Binds the transport to the tracker's database; a command-line host, which does not start Wolverine, has not.
        await transport.ConnectAsync(runtime);
        await transport.Queues[name].SetupAsync(runtime.LoggerFactory.CreateLogger(typeof(SubscriberQueues)));
    }
}
