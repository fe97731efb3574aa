using RelationsTracker.Access;
using Wolverine.Runtime;

namespace RelationsTracker.Alerts;

/// <summary>
/// PostgreSQL roles for subscribers: each is named as its queue, may take the messages of that queue only (and put
/// back those it retries later), and keeps its inbox in a schema of its own; it has no privilege on the event store,
/// another subscriber's queue, or anything else of the tracker's.
/// </summary>
public static class SubscriberRoles
{
    /// <summary>The statements that make the role, for the tracker's database; run by a role that may create roles.</summary>
    public static IReadOnlyList<string> Statements(string name, string password) =>
        QueueRoles.Statements(name, password, "SELECT, INSERT, UPDATE, DELETE", SubscriberQueues.Tables(name));

    /// <summary>Makes the queue's tables unless they exist, then the role, and returns its connection string (the only time its password is seen).</summary>
    public static async Task<string> AddAsync(TrackerDatabase database, IWolverineRuntime runtime, string name, CancellationToken cancellation)
    {
        await SubscriberQueues.EnsureAsync(runtime, name);
        return await QueueRoles.AddAsync(database, name, password => Statements(name, password), cancellation);
    }
}
