using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Npgsql;
using RelationsTracker.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// The durable PostgreSQL-backed queue other processes publish engagements to, and how the server consumes it.
/// </summary>
public static class EngagementQueue
{
    public const string Name = "engagements";

    /// <summary>The schema of the queue tables, shared by the server and every publisher.</summary>
    public const string TransportSchema = "wolverine_queues";

    /// <summary>
    /// How the server and every publisher number their messages. Wolverine's default (NewId) derives ids from the
    /// machine and the clock, so two processes on one machine can give two messages the same id: a message popped
    /// from the queue then collides with one the server made itself and still keeps as handled, in the server's inbox,
    /// and the queue stalls until that one is cleaned up, minutes later. Version 7 GUIDs carry random bits of their own.
    /// </summary>
    public const EnvelopeIdGeneration EnvelopeIds = EnvelopeIdGeneration.GuidV7;

    /// <summary>How long a queued retraction or correction waits, try after try, for the engagement it is about.</summary>
    private static readonly TimeSpan[] WaitsForTheEngagement = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10)];

    public static void ConsumeIn(WolverineOptions options)
    {
        // Wolverine's default polling takes a few messages at a time and then waits: take a batch's worth at a time,
        // as soon as they arrive.
        options.ListenToPostgresqlQueue(Name)
            .MaximumMessagesToReceive(1000)
            .PollingInterval(TimeSpan.FromMilliseconds(50));

        // Queued engagements are recorded in batches (see QueuedEngagementsHandler); those set aside from a
        // failed batch go one by one through a durable local queue.
        // One batch at a time: batches touch many relationships, and concurrent ones would only queue on their locks.
        options.BatchMessagesOf<RecordEngagement>(batching =>
        {
            batching.BatchSize = 1000;
            batching.TriggerTime = TimeSpan.FromMilliseconds(100);
        }).Sequential();
        options.LocalQueueFor<RecordEngagementAlone>().UseDurableInbox();

        // Submissions to the same relationship from HTTP and the queue may still meet: retry, never dead-letter them.
        options.OnException(IsConcurrencyConflict)
            .RetryWithCooldown(
                TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(50),
                TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
                TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600));

        // A retraction or a correction may come before the engagement it is about: in another message handled at the
        // same time (a file submitted in several messages), or from another feed. Give the engagement time to arrive,
        // then dead-letter it with its reason. This rule comes first: Wolverine applies the first that matches.
        options.OnException<InvalidEngagementException>(e => e.RetractsWhatIsNotRecorded, "a retraction of an engagement not recorded yet")
            .ScheduleRetry(WaitsForTheEngagement)
            .Then.MoveToErrorQueue();
        options.OnException<EngagementNotFoundException>()
            .ScheduleRetry(WaitsForTheEngagement)
            .Then.MoveToErrorQueue();

        // Scheduled retries are stored, and taken up when the node next looks for them: every 5 s by default, which
        // would stretch the waits above.
        options.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);

        // A submission that is invalid or conflicts will never succeed: dead-letter it at once, with its reason.
        options.OnException<InvalidEngagementException>().MoveToErrorQueue();
        options.OnException<EngagementConflictException>().MoveToErrorQueue();
    }

    internal static bool IsConcurrencyConflict(Exception exception) => exception switch
    {
        ConcurrencyException or DocumentAlreadyExistsException or Marten.Exceptions.ExistingStreamIdCollisionException or EventStreamUnexpectedMaxEventIdException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => exception.InnerException is { } inner && IsConcurrencyConflict(inner),
    };
}
