using Marten;
using RelationsTracker.Contracts;
using Wolverine;

namespace RelationsTracker.Engagements.Recording;

/// <summary>What the tracker did with each engagement of a batch, in order.</summary>
public sealed record EngagementsRecorded(IReadOnlyList<EngagementRecorded> Engagements);

/// <summary>
/// Records a batch atomically: one transaction, so one bad item stores nothing. A single engagement from HTTP or the
/// seed is a batch of one; the queue's engagements go through <see cref="QueuedEngagementsHandler"/>.
/// </summary>
public static class RecordEngagementsHandler
{
    public const int MaxBatch = 1000;

    public static async Task<EngagementsRecorded> Handle(
        RecordEngagements command, IDocumentSession session, RelationshipLocks locks, TimeProvider clock, CancellationToken cancellation)
    {
        CheckSize(command.Engagements);
        return new EngagementsRecorded(
            await EngagementIntake.RecordAsync(session, locks, command.Engagements, EngagementIntake.Today(clock), cancellation));
    }

    /// <summary>A batch, or a queued message of several engagements, holds 1 to <see cref="MaxBatch"/>.</summary>
    internal static void CheckSize(IReadOnlyList<RecordEngagement> engagements)
    {
        if (engagements.Count is 0 or > MaxBatch)
        {
            throw new InvalidEngagementException(
                null, [new FieldError("engagements", $"A batch holds 1 to {MaxBatch} engagements, not {engagements.Count}.")]);
        }
    }
}

public static class EngagementBus
{
    /// <summary>Records one engagement through the bus, waiting for the outcome.</summary>
    public static async Task<EngagementRecorded> RecordAsync(this IMessageBus bus, RecordEngagement engagement, CancellationToken cancellation = default) =>
        (await bus.InvokeAsync<EngagementsRecorded>(new RecordEngagements([engagement]), cancellation)).Engagements[0];
}
