using Marten;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>Records one submitted engagement (from the queue, HTTP, the command line).</summary>
public static class RecordEngagementHandler
{
    public static async Task<EngagementRecorded> Handle(
        RecordEngagement command, IDocumentSession session, RelationshipLocks locks, TimeProvider clock, CancellationToken cancellation) =>
        (await EngagementIntake.RecordAsync(session, locks, [command], Today(clock), cancellation))[0];

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
