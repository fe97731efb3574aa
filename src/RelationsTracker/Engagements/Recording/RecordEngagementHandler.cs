using Marten;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>What the tracker did with a submission.</summary>
public sealed record EngagementRecorded(string SourceId, string RelationshipId, bool Duplicate);

/// <summary>Records a submitted engagement in its relationship's stream (from the bus, HTTP, CLI or an import).</summary>
public static class RecordEngagementHandler
{
    public static async Task<EngagementRecorded> Handle(
        RecordEngagement command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var engagement = Submissions.Accept(command, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        string[] ids = engagement.Retracts is { } target ? [engagement.SourceId, target] : [engagement.SourceId];
        var known = await session.LoadManyAsync<EngagementSource>(cancellation, ids);

        var decision = EngagementRecording.Decide(
            engagement,
            known.FirstOrDefault(s => s.Id == engagement.SourceId),
            known.FirstOrDefault(s => s.Id == engagement.Retracts));

        switch (decision)
        {
            case RecordingDecision.Append append:
                session.Events.Append(append.RelationshipId, append.Event);
                session.Insert(append.Source);
                return new EngagementRecorded(engagement.SourceId, append.RelationshipId, Duplicate: false);
            case RecordingDecision.Duplicate duplicate:
                return new EngagementRecorded(engagement.SourceId, duplicate.Existing.RelationshipId, Duplicate: true);
            default:
                throw new InvalidOperationException($"Unhandled decision {decision}.");
        }
    }
}
