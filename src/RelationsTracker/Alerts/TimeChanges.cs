using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Alerts;

/// <summary>The last day whose changes by the passing of time were announced.</summary>
public sealed record TimeChangesAnnounced(string Id, DateOnly Through)
{
    public const string Key = "time-changes";
}

/// <summary>
/// Announces the changes the passing of time brings, with no event: an open channel goes dormant. Those steps are
/// stored ahead with the day they take effect (the last step of a channel, emitted by no engagement), so once a day
/// the steps that took effect since the last announcement become changes, of cause <c>time</c>. A change's id is
/// made from the step, so a day announced twice (two servers, a crash before the mark was saved) records it once.
/// The changes are left unpublished, for <see cref="ChangeRelay"/>.
/// </summary>
public static class TimeChanges
{
    private static readonly string Sql =
        "select json_build_object('relationshipId', s.relationship_id, 'channel', s.channel, 'from', s.from_day, " +
        $"'fingerprint', s.fingerprint, 'interval', {ProjectedTables.IntervalJson("s")}, 'previous', p.status) " +
        $"from {ProjectedTables.StepTable} s left join lateral (select p.status from {ProjectedTables.StepTable} p " +
        "where p.relationship_id = s.relationship_id and p.channel = s.channel and p.idx < s.idx order by p.idx desc limit 1) p on true " +
        "where s.emitted_by is null and s.from_day > ? and s.from_day <= ?";

    /// <summary>Records the changes of the days since the last announcement; how many.</summary>
    public static async Task<int> AnnounceAsync(IDocumentStore store, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var session = store.LightweightSession();
        var announced = await session.LoadAsync<TimeChangesAnnounced>(TimeChangesAnnounced.Key, cancellation);
        if (announced is not null && announced.Through >= today)
        {
            return 0;
        }

        // The first time, only from today: the past was the present of no announcement.
        var through = announced?.Through ?? today.AddDays(-1);
        await ProjectedTables.EnsureAsync(session, cancellation);
        var steps = await session.QueryAsync<TimeStep>(Sql, cancellation, through, today);
        var changes = steps
            .Where(s => s.Previous != s.Interval.Status)
            .Select(s => Change(s, now))
            .ToList();
        if (changes.Count > 0)
        {
            ProjectedChanges.QueueInsert(session, changes);
        }

        session.Store(new TimeChangesAnnounced(TimeChangesAnnounced.Key, today));
        await session.SaveChangesAsync(cancellation);
        return changes.Count;
    }

    private static ChannelStatusChanged Change(TimeStep step, DateTimeOffset now) =>
        new(
            ChannelChanges.IdOf(step.RelationshipId, step.Channel, step.From, step.Fingerprint),
            step.RelationshipId,
            ChannelChanges.Word(step.Channel),
            ChannelChanges.Word(step.Previous ?? ChannelStatus.Unknown),
            ChannelChanges.Word(step.Interval.Status),
            step.Interval.Since.ToString(),
            step.Interval.Reason,
            step.Interval.DecidedBy.Select(e => e.SourceId).ToList(),
            ChannelChanges.Word(ChangeCause.Time),
            step.From,
            now,
            null);

    private sealed record TimeStep(string RelationshipId, Channel Channel, DateOnly From, long Fingerprint, StatusInterval Interval, ChannelStatus? Previous);
}
