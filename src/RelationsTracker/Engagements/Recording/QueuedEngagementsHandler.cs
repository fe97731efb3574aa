using Marten;
using RelationsTracker.Contracts;
using Wolverine;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// Records the engagements that arrive on the queue, many per transaction: one commit (one disk flush) for a
/// whole batch instead of one per message is what lets the queue keep up with a bulk publisher. Single
/// engagements are batched by Wolverine; <see cref="SubmitEngagements"/> arrive batched by their publisher.
/// </summary>
public static class QueuedEngagementsHandler
{
    public static Task Handle(
        RecordEngagement[] batch, IDocumentSession session, RelationshipLocks locks, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        RecordEachAsync(batch, session, locks, bus, clock, cancellation);

    public static Task Handle(
        SubmitEngagements message, IDocumentSession session, RelationshipLocks locks, IMessageBus bus, TimeProvider clock, CancellationToken cancellation)
    {
        RecordEngagementsHandler.CheckSize(message.Engagements);
        return RecordEachAsync(message.Engagements, session, locks, bus, clock, cancellation);
    }

    public static async Task<EngagementRecorded> Handle(
        RecordEngagementAlone command, IDocumentSession session, RelationshipLocks locks, TimeProvider clock, CancellationToken cancellation) =>
        (await EngagementIntake.RecordAsync(session, locks, [command.Engagement], EngagementIntake.Today(clock), cancellation))[0];

    private static async Task RecordEachAsync(
        IReadOnlyList<RecordEngagement> batch, IDocumentSession session, RelationshipLocks locks, IMessageBus bus, TimeProvider clock, CancellationToken cancellation)
    {
        try
        {
            await EngagementIntake.RecordAsync(session, locks, batch, EngagementIntake.Today(clock), cancellation);
        }
        catch (Exception e) when (e is InvalidEngagementException or EngagementConflictException)
        {
            // One bad submission must not hold up the others, nor share their fate: drop what the batch had
            // queued and take them one by one, so that each bad one is dead-lettered with its own reason.
            session.EjectAllPendingChanges();
            foreach (var engagement in batch)
            {
                await bus.PublishAsync(new RecordEngagementAlone(engagement));
            }
        }
    }
}
