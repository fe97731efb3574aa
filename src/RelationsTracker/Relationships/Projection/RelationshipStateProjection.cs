using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using RelationsTracker.Alerts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Keeps the state of the relationships of one <see cref="StatePart"/> in <see cref="ProjectedTables"/>: the
/// engagements in force (latest version, not retracted), each channel's status steps as <see cref="ChannelTimeline"/>
/// defines them, and a row per relationship. A page of events changes some engagements; each channel they move is
/// brought up to date by resuming its fold from the earliest day that changed, as far as its steps change
/// (<see cref="ChannelRefold"/>), so that a late report costs the steps around it, not the whole relationship. The
/// changes new events make to a channel's status today, or to its past, are recorded with the state
/// (<see cref="ProjectedChanges"/>). It runs in Marten's async daemon, a page of events at a time, in one transaction.
/// </summary>
public sealed class RelationshipStateProjection(ActivityWindows windows, TimeProvider clock, StatePart part) : IProjection
{
    public const string Name = "RelationshipState";

    /// <summary>The most events the daemon projects in one transaction.</summary>
    public const int BatchSize = 2_000;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        await ProjectedTables.EnsureAsync(operations, cancellation);
        if (await operations.Database.ProjectionProgressFor(part.Shard, cancellation) == 0)
        {
            await StartOverAsync(operations, cancellation);
        }

        var ours = events.Where(e => part.Holds(e.StreamKey!)).ToList();
        var changes = Changes(ours);
        if (changes.Count == 0)
        {
            return;
        }

        // The page's writes are only queued here, and run when the daemon commits the page: every read below sees the
        // state as it was before the page.
        var serializer = operations.DocumentStore.Options.Serializer();
        var before = (await operations.QueryAsync<StoredEngagement>(
                "select json_build_object('sourceId', source_id, 'relationshipId', relationship_id, 'engagement', data) " +
                $"from {ProjectedTables.EngagementTable} where source_id = any(?)",
                cancellation,
                [changes.Keys.ToArray()]))
            .ToDictionary(e => e.SourceId, e => e.Engagement, StringComparer.Ordinal);

        var plan = ChangePlan.Of(changes, before);
        var refolded = plan.Channels.Count == 0 ? [] : await ChannelRefold.RunAsync(operations, plan, windows, cancellation);
        if (before.Count > 0)
        {
            operations.QueueSqlCommand($"delete from {ProjectedTables.EngagementTable} where source_id = any(?)", [before.Keys.ToArray()]);
        }

        InsertEngagements(operations, serializer, plan.InForce);
        UpdateRelationships(operations, plan);
        ReplaceSteps(operations, refolded);
        if (refolded.Count > 0 && await ProjectedChanges.AreNewsAsync(operations, ours, cancellation)
            && await ProjectedChanges.OfAsync(operations, ours, before, refolded, clock, cancellation) is { Count: > 0 } announced)
        {
            ProjectedChanges.QueueInsert(operations, announced);
        }
    }

    /// <summary>
    /// The part projects from the first event (its first page, or the first of a rebuild): it starts from no state of
    /// its relationships. What a rebuild, or a release that divided the relationships otherwise, left of them goes first,
    /// committed apart: should the page fail, the part still projects from the first event next time. Marten's own
    /// teardown of a rebuild would empty the tables of every part. The changes an earlier division had projected, and
    /// announced, are not news again.
    /// </summary>
    private async Task StartOverAsync(IDocumentOperations operations, CancellationToken cancellation)
    {
        await using var session = operations.DocumentStore.LightweightSession();
        var stored = await session.QueryAsync<string>(
            string.Join(" union ", ProjectedTables.All.Select(table => $"select relationship_id from {table}")), cancellation);
        string[] ours = [.. stored.Where(part.Holds)];
        if (ours.Length == 0)
        {
            return;
        }

        foreach (var table in ProjectedTables.All)
        {
            session.QueueSqlCommand($"delete from {table} where relationship_id = any(?)", [ours]);
        }

        var current = StatePart.Divided(part.Count).Select(p => p.Shard.Identity).ToHashSet(StringComparer.Ordinal);
        var earlier = (await session.Database.AllProjectionProgress(cancellation))
            .Where(s => s.ShardName.StartsWith(Name, StringComparison.Ordinal) && !current.Contains(s.ShardName))
            .Select(s => s.Sequence)
            .DefaultIfEmpty()
            .Min();
        if (earlier > 0)
        {
            session.QueueSqlCommand(
                $"insert into {ProjectedTables.ReplayTable} as r (id, through) values (1, ?) on conflict (id) do update set through = greatest(r.through, excluded.through)",
                earlier);
        }

        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>What the batch leaves of each engagement it touches: its latest version, or null when retracted.</summary>
    private static Dictionary<string, (string RelationshipId, Engagement? Now)> Changes(IReadOnlyList<IEvent> events)
    {
        var changes = new Dictionary<string, (string, Engagement?)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case EngagementRetracted retracted:
                    changes[retracted.Engagement.Retracts!] = (e.StreamKey!, null);
                    break;
                case IEngagementEvent recorded:
                    changes[recorded.Engagement.SourceId] = (e.StreamKey!, recorded.Engagement);
                    break;
            }
        }

        return changes;
    }

    private static void InsertEngagements(IDocumentOperations operations, Marten.ISerializer serializer, IReadOnlyList<InForce> inForce)
    {
        if (inForce.Count == 0)
        {
            return;
        }

        var rows = inForce.Select(e => EngagementRow.Of(e.RelationshipId, e.Engagement, serializer)).ToList();
        operations.QueueSqlCommand(
            $"insert into {ProjectedTables.EngagementTable} (source_id, relationship_id, channel, kind, signal, known_from, known_precision, " +
            "occurred_start, occurred_precision, occurred_end, related_channels, goldstein, quad_class, data) " +
            "select source_id, relationship_id, channel, kind, signal, known_from, known_precision, occurred_start, occurred_precision, " +
            "occurred_end, related_channels, goldstein, quad_class, data::jsonb from unnest(?::varchar[], ?::varchar[], ?::integer[], " +
            "?::integer[], ?::integer[], ?::date[], ?::integer[], ?::date[], ?::integer[], ?::date[], ?::integer[], ?::numeric[], " +
            "?::integer[], ?::text[]) as r(source_id, relationship_id, channel, kind, signal, known_from, known_precision, occurred_start, " +
            "occurred_precision, occurred_end, related_channels, goldstein, quad_class, data)",
            rows.Select(r => r.SourceId).ToArray(),
            rows.Select(r => r.RelationshipId).ToArray(),
            rows.Select(r => r.Channel).ToArray(),
            rows.Select(r => r.Kind).ToArray(),
            rows.Select(r => r.Signal).ToArray(),
            rows.Select(r => r.KnownFrom).ToArray(),
            rows.Select(r => r.KnownPrecision).ToArray(),
            rows.Select(r => r.OccurredStart).ToArray(),
            rows.Select(r => r.OccurredPrecision).ToArray(),
            rows.Select(r => r.OccurredEnd).ToArray(),
            rows.Select(r => r.RelatedChannels).ToArray(),
            rows.Select(r => r.Goldstein).ToArray(),
            rows.Select(r => r.QuadClass).ToArray(),
            rows.Select(r => r.Data).ToArray());
    }

    /// <summary>
    /// Relationships that only gained engagements are updated from the batch; those that lost or changed one are
    /// counted again from their engagements in force (and dropped when none is left).
    /// </summary>
    private static void UpdateRelationships(IDocumentOperations operations, ChangePlan plan)
    {
        var gained = plan.InForce
            .Where(e => !plan.Recounted.Contains(e.RelationshipId))
            .GroupBy(e => e.RelationshipId)
            .Select(g => (Id: g.Key, Countries: RelationshipKey.Countries(g.Key), FirstKnown: g.Min(e => e.Engagement.KnownFrom.Start), Count: g.Count()))
            .ToList();
        if (gained.Count > 0)
        {
            operations.QueueSqlCommand(
                $"insert into {ProjectedTables.RelationshipTable} as o (relationship_id, country_a, country_b, first_known, engagements) " +
                "select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::date[], ?::integer[]) " +
                "on conflict (relationship_id) do update set first_known = least(o.first_known, excluded.first_known), " +
                "engagements = o.engagements + excluded.engagements",
                gained.Select(g => g.Id).ToArray(),
                gained.Select(g => g.Countries[0]).ToArray(),
                gained.Select(g => g.Countries[1]).ToArray(),
                gained.Select(g => g.FirstKnown).ToArray(),
                gained.Select(g => g.Count).ToArray());
        }

        if (plan.Recounted.Count > 0)
        {
            var recounted = plan.Recounted.ToArray();
            operations.QueueSqlCommand(
                $"delete from {ProjectedTables.RelationshipTable} where relationship_id = any(?)", [recounted]);
            operations.QueueSqlCommand(
                $"insert into {ProjectedTables.RelationshipTable} (relationship_id, country_a, country_b, first_known, engagements) " +
                "select relationship_id, split_part(relationship_id, '-', 1), split_part(relationship_id, '-', 2), min(known_from), count(*) " +
                $"from {ProjectedTables.EngagementTable} where relationship_id = any(?) group by relationship_id",
                [recounted]);
        }
    }

    private static void ReplaceSteps(IDocumentOperations operations, IReadOnlyList<RefoldedRegion> refolded)
    {
        if (refolded.Count == 0)
        {
            return;
        }

        // A region that ends on a stored step ends on it as it is stored, in its place (the refold met the stored steps
        // again there): that step stays, and the region's steps before it replace those between.
        operations.QueueSqlCommand(
            $"delete from {ProjectedTables.StepTable} s using unnest(?::varchar[], ?::integer[], ?::bigint[], ?::bigint[]) as k(relationship_id, channel, after, through) " +
            $"where s.relationship_id = k.relationship_id and s.channel = k.channel and s.idx > k.after and s.idx < coalesce(k.through, {long.MaxValue})",
            refolded.Select(r => r.Key.RelationshipId).ToArray(),
            refolded.Select(r => (int)r.Key.Channel).ToArray(),
            refolded.Select(r => r.After).ToArray(),
            refolded.Select(r => r.Through).ToArray());

        var rows = refolded.SelectMany(r => r.Emitted.Take(r.Through is null ? r.Emitted.Count : r.Emitted.Count - 1).Select((e, i) => StepRow.Of(
                r.Key,
                r.Positions[i],
                e,
                i + 1 < r.Emitted.Count ? r.Emitted[i + 1].Step.From : r.NextFrom)))
            .ToList();
        if (rows.Count > 0)
        {
            InsertSteps(operations, rows);
        }

        // The step kept before each stretch now ends where its first new step begins, or where the kept ones resume;
        // after the inserts, as that step may be the last one written for the stretch before.
        var kept = refolded.Where(r => r.After > 0).ToList();
        if (kept.Count > 0)
        {
            operations.QueueSqlCommand(
                $"update {ProjectedTables.StepTable} s set next_from = k.next_from " +
                "from unnest(?::varchar[], ?::integer[], ?::bigint[], ?::date[]) as k(relationship_id, channel, idx, next_from) " +
                "where s.relationship_id = k.relationship_id and s.channel = k.channel and s.idx = k.idx",
                kept.Select(r => r.Key.RelationshipId).ToArray(),
                kept.Select(r => (int)r.Key.Channel).ToArray(),
                kept.Select(r => r.After).ToArray(),
                kept.Select(r => r.Emitted.Count == 0 ? r.NextFrom : r.Emitted[0].Step.From).ToArray());
        }
    }

    private static void InsertSteps(IDocumentOperations operations, IReadOnlyList<StepRow> rows) =>
        operations.QueueSqlCommand(
            $"insert into {ProjectedTables.StepTable} (relationship_id, channel, idx, emitted_on, emitted_by, from_day, next_from, status, " +
            "since_day, since, extends, fingerprint, reason, decided_by) " +
            "select relationship_id, channel, idx, emitted_on, emitted_by, from_day, next_from, status, since_day, since, extends, fingerprint, reason, " +
            "array_remove(array[decided_first, decided_latest], null) " +
            "from unnest(?::varchar[], ?::integer[], ?::bigint[], ?::date[], ?::varchar[], ?::date[], ?::date[], ?::integer[], ?::date[], " +
            "?::varchar[], ?::boolean[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[]) as r(relationship_id, channel, idx, emitted_on, " +
            "emitted_by, from_day, next_from, status, since_day, since, extends, fingerprint, reason, decided_first, decided_latest)",
            rows.Select(r => r.RelationshipId).ToArray(),
            rows.Select(r => r.Channel).ToArray(),
            rows.Select(r => r.Index).ToArray(),
            rows.Select(r => r.EmittedOn).ToArray(),
            rows.Select(r => r.EmittedBy).ToArray(),
            rows.Select(r => r.From).ToArray(),
            rows.Select(r => r.NextFrom).ToArray(),
            rows.Select(r => r.Status).ToArray(),
            rows.Select(r => r.SinceDay).ToArray(),
            rows.Select(r => r.Since).ToArray(),
            rows.Select(r => r.Extends).ToArray(),
            rows.Select(r => r.Fingerprint).ToArray(),
            rows.Select(r => r.Reason).ToArray(),
            rows.Select(r => r.DecidedBy[0]).ToArray(),
            rows.Select(r => r.DecidedBy.ElementAtOrDefault(1)).ToArray());

    private sealed record StoredEngagement(string SourceId, string RelationshipId, Engagement Engagement);
}

/// <summary>One channel of one relationship.</summary>
internal readonly record struct ChannelKey(string RelationshipId, Channel Channel);

/// <summary>An engagement in force after the batch, in its relationship.</summary>
internal sealed record InForce(string RelationshipId, Engagement Engagement);

/// <summary>
/// What a batch changes: the engagements it leaves in force, the channels whose status it may move with the days
/// (in order) it changed on each, and the relationships that lost or changed an engagement.
/// </summary>
internal sealed record ChangePlan(
    IReadOnlyList<InForce> InForce,
    IReadOnlyDictionary<ChannelKey, IReadOnlyList<DateOnly>> Channels,
    IReadOnlySet<string> Changed,
    IReadOnlySet<string> Recounted)
{
    /// <param name="changes">Per sourceId, what the batch leaves of it: its latest version, or null when retracted.</param>
    /// <param name="before">Per sourceId, the version in force before the batch, for those that had one.</param>
    public static ChangePlan Of(
        IReadOnlyDictionary<string, (string RelationshipId, Engagement? Now)> changes,
        IReadOnlyDictionary<string, Engagement> before)
    {
        var inForce = new List<InForce>();
        var channels = new Dictionary<ChannelKey, SortedSet<DateOnly>>();
        var recounted = new HashSet<string>(StringComparer.Ordinal);

        void Moves(string relationshipId, Engagement engagement)
        {
            if (!ChannelTimeline.MovesStatus(engagement))
            {
                return;
            }

            var key = new ChannelKey(relationshipId, engagement.Channel);
            if (!channels.TryGetValue(key, out var days))
            {
                channels[key] = days = [];
            }

            days.Add(engagement.KnownFrom.Start);
        }

        foreach (var (sourceId, (relationshipId, now)) in changes)
        {
            if (before.GetValueOrDefault(sourceId) is { } stored)
            {
                recounted.Add(relationshipId);
                Moves(relationshipId, stored);
            }

            if (now is not null)
            {
                inForce.Add(new InForce(relationshipId, now));
                Moves(relationshipId, now);
            }
        }

        return new ChangePlan(
            inForce,
            channels.ToDictionary(c => c.Key, c => (IReadOnlyList<DateOnly>)[.. c.Value]),
            changes.Keys.ToHashSet(StringComparer.Ordinal),
            recounted);
    }
}
