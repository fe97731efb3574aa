using Marten;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>Records a correction: a new version of the engagement, kept in its history; the state uses the latest.</summary>
public static class CorrectEngagementHandler
{
    public static Task<EngagementRecorded> Handle(
        CorrectEngagement command, IDocumentSession session, RelationshipLocks locks, TimeProvider clock, CancellationToken cancellation) =>
        EngagementIntake.CorrectAsync(session, locks, command, EngagementIntake.Today(clock), cancellation);
}
