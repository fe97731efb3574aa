using RelationsTracker.Access;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Engagements.Submitting;

/// <summary>
/// PostgreSQL roles for publishers: each may put messages in the <c>engagements</c> queue and keep its outbox in a
/// schema of its own, and has no privilege on the event store or anything else of the tracker's.
/// </summary>
public static class PublisherRoles
{
    /// <summary>The queue's tables, which the server creates at its first start.</summary>
    public static readonly IReadOnlyList<string> QueueTables =
        [$"wolverine_queue_{EngagementQueue.Name}", $"wolverine_queue_{EngagementQueue.Name}_scheduled"];

    /// <summary>Why a name cannot be a publisher role's, or null when it can.</summary>
    public static string? Refusal(string name) =>
        PlainNames.IsPlain(name, maxLength: 63)
            ? null
            : $"'{name}' is not a publisher name: use lower-case letters, digits and '_', starting with a letter (at most 63).";

    /// <summary>The statements that make the role, for the tracker's database; run by a role that may create roles.</summary>
    public static IReadOnlyList<string> Statements(string name, string password) =>
        QueueRoles.Statements(name, password, "INSERT", QueueTables);

    /// <summary>Makes the role in one transaction and returns its connection string (the only time its password is seen).</summary>
    public static Task<string> AddAsync(TrackerDatabase database, string name, CancellationToken cancellation) =>
        QueueRoles.AddAsync(database, name, password => Statements(name, password), cancellation);
}
