using System.Globalization;
using JasperFx.Events;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Alerts;

/// <summary>
/// The changes a page of new events makes to the channels it refolds, recorded in the transaction that projects the
/// events: the rows in <see cref="ProjectedTables.ChangeTable"/> commit or roll back with the state, unpublished; a
/// server's <see cref="ChangeRelay"/> publishes them.
/// </summary>
internal static class ProjectedChanges
{
    /// <summary>
    /// Per refolded channel: its step in force today, the one in force today among the steps the refold keeps (those
    /// outside the positions its regions replace, <c>replaced</c>), and the past intervals of the steps it replaces,
    /// in order.
    /// </summary>
    private static readonly string Sql =
        "select json_build_object('relationshipId', k.relationship_id, 'channel', k.channel, " +
        $"'before', (select {ProjectedTables.IntervalJson("s")} from {ProjectedTables.StepTable} s where s.relationship_id = k.relationship_id and s.channel = k.channel " +
        "and s.from_day <= k.today order by s.from_day desc, s.idx desc limit 1), " +
        $"'kept', (select json_build_object('index', s.idx, 'from', s.from_day, 'interval', {ProjectedTables.IntervalJson("s")}) from {ProjectedTables.StepTable} s " +
        "where s.relationship_id = k.relationship_id and s.channel = k.channel and s.from_day <= k.today and not k.replaced @> s.idx " +
        "order by s.from_day desc, s.idx desc limit 1), " +
        // Read along the primary key by position, a range at a time: the other conditions filter the aggregate, and
        // "offset 0" keeps each range's lookup apart; otherwise PostgreSQL reads all the channel's steps for each range.
        // The order by position, which only the primary key gives, keeps PostgreSQL on it before it has statistics of
        // the steps, when every index that starts with the channel looks as good.
        "'replaced', coalesce((select json_agg(json_build_object('from', s.from_day, 'status', s.status, 'since', s.since) order by s.idx) " +
        "filter (where s.from_day < k.today and not s.extends) " +
        $"from unnest(k.replaced) as r(positions) cross join lateral (select * from {ProjectedTables.StepTable} s " +
        "where s.relationship_id = k.relationship_id and s.channel = k.channel " +
        $"and s.idx >= lower(r.positions) and s.idx < coalesce(upper(r.positions), {long.MaxValue}) order by s.idx offset 0) s), '[]'::json)) " +
        "from (select relationship_id, channel, today, replaced::int8multirange as replaced " +
        "from unnest(?::varchar[], ?::integer[], ?::date[], ?::text[]) as k(relationship_id, channel, today, replaced)) k";

    private const string ReplayedThrough = $"select through from {ProjectedTables.ReplayTable} where id = 1";

    /// <summary>Whether the page ending with these events is news: a rebuild finds nothing new in the events it replays.</summary>
    public static async Task<bool> AreNewsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        events.Max(e => e.Sequence) > (await session.QueryAsync<long>(ReplayedThrough, cancellation)).SingleOrDefault();

    /// <param name="session">Reads the state as it was before the page.</param>
    public static async Task<IReadOnlyList<ChannelStatusChanged>> OfAsync(
        IQuerySession session,
        IReadOnlyList<IEvent> events,
        IReadOnlyDictionary<string, Engagement> before,
        IReadOnlyList<RefoldedRegion> refolded,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        if (refolded.Count == 0)
        {
            return [];
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var channels = refolded.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.OrderBy(r => r.After).ToList());
        var stored = (await session.QueryAsync<StoredToday>(
                Sql,
                cancellation,
                channels.Keys.Select(k => k.RelationshipId).ToArray(),
                channels.Keys.Select(k => (int)k.Channel).ToArray(),
                channels.Keys.Select(_ => today).ToArray(),
                channels.Values.Select(Replaced).ToArray()))
            .ToDictionary(s => new ChannelKey(s.RelationshipId, s.Channel));
        var lastEvents = events.GroupBy(e => e.StreamKey!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var touched = Touched(events, before);

        var changes = new List<ChannelStatusChanged>();
        foreach (var (key, regions) in channels)
        {
            var known = stored[key];
            var rewrite = new ChannelRewrite(
                known.Before,
                AfterToday(regions, known.Kept, today),
                known.Replaced.Select(r => new PastInterval(r.From, r.Status, r.Since)).ToList(),
                regions.SelectMany(r => r.Emitted)
                    .Where(e => e.Step.From < today && !e.Step.Extends)
                    .Select(e => new PastInterval(e.Step.From, e.Step.Status.Status, e.Step.Status.Since.ToString()))
                    .ToList(),
                touched.Contains((key, ChangeCause.Retraction)),
                touched.Contains((key, ChangeCause.Correction)));
            // Recorded when the last engagement that made it was: the daemon may project it a moment later.
            var last = lastEvents[key.RelationshipId];
            var changeId = ChannelChanges.IdOf(last.Id, key.Channel);
            if (ChannelChanges.Of(changeId, key.RelationshipId, key.Channel, rewrite, today, RecordingTime.Of(last)) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    /// <summary>
    /// Adds the changes to <see cref="ProjectedTables.ChangeTable"/>, for the relay to publish; a change
    /// already there (a time change announced again) is left as it is.
    /// </summary>
    internal static void QueueInsert(IDocumentOperations operations, IReadOnlyList<ChannelStatusChanged> changes)
    {
        var serializer = operations.DocumentStore.Options.Serializer();
        operations.QueueSqlCommand(
            $"insert into {ProjectedTables.ChangeTable} (change_id, recorded_at, as_of, relationship_id, channel, cause, change, published) " +
            "select *, false from unnest(?::uuid[], ?::timestamptz[], ?::date[], ?::varchar[], ?::varchar[], ?::varchar[], ?::jsonb[]) " +
            "on conflict (change_id) do nothing",
            changes.Select(c => c.ChangeId).ToArray(),
            changes.Select(c => c.RecordedAt).ToArray(),
            changes.Select(c => c.AsOf).ToArray(),
            changes.Select(c => c.Relationship).ToArray(),
            changes.Select(c => c.Channel).ToArray(),
            changes.Select(c => c.Cause).ToArray(),
            changes.Select(c => serializer.ToJson(c)).ToArray());
    }

    /// <summary>
    /// The positions a channel's regions replace, as a PostgreSQL multirange: each region's, from after the kept step
    /// before it through the stored step it ends on (to the channel's end when it ends on none).
    /// </summary>
    private static string Replaced(IReadOnlyList<RefoldedRegion> regions) =>
        "{" + string.Join(',', regions.Select(r => string.Create(CultureInfo.InvariantCulture, $"({r.After},{r.Through}]"))) + "}";

    /// <summary>The step in force today once the steps of the refold's regions replace the stored ones they replace.</summary>
    private static StatusInterval? AfterToday(IReadOnlyList<RefoldedRegion> regions, KeptStep? kept, DateOnly today)
    {
        var written = regions
            .SelectMany(r => r.Emitted.Select((e, i) => (e.Step.From, Index: r.Positions[i], Interval: e.Step.Status)))
            .Where(s => s.From <= today)
            .ToList();
        if (kept is not null)
        {
            written.Add((kept.From, kept.Index, kept.Interval));
        }

        return written.Count == 0 ? null : written.MaxBy(s => (s.From, s.Index)).Interval;
    }

    /// <summary>The channels on which the batch retracted or corrected an engagement (either version's channel).</summary>
    private static HashSet<(ChannelKey, ChangeCause)> Touched(IReadOnlyList<IEvent> events, IReadOnlyDictionary<string, Engagement> before)
    {
        var touched = new HashSet<(ChannelKey, ChangeCause)>();
        foreach (var e in events)
        {
            var (sourceId, cause, now) = e.Data switch
            {
                EngagementRetracted retracted => (retracted.Engagement.Retracts!, ChangeCause.Retraction, null),
                EngagementCorrected corrected => (corrected.Engagement.SourceId, ChangeCause.Correction, corrected.Engagement),
                _ => (null, ChangeCause.Recorded, (Engagement?)null),
            };
            if (sourceId is null)
            {
                continue;
            }

            foreach (var engagement in new[] { before.GetValueOrDefault(sourceId), now }.OfType<Engagement>())
            {
                touched.Add((new ChannelKey(e.StreamKey!, engagement.Channel), cause));
            }
        }

        return touched;
    }

    private sealed record StoredToday(
        string RelationshipId, Channel Channel, StatusInterval? Before, KeptStep? Kept, IReadOnlyList<StoredInterval> Replaced);

    private sealed record KeptStep(long Index, DateOnly From, StatusInterval Interval);

    private sealed record StoredInterval(DateOnly From, ChannelStatus Status, string Since);
}
