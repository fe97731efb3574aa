using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using static RelationsTracker.Relationships.Projection.ProjectedTables;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// The state of one relationship on a day, read from <see cref="ProjectedTables"/> in one round trip: each
/// channel's step in force, what it lists (last engagement, related contacts, evidence, the upcoming plan) and the
/// temperature windows. It answers what <see cref="RelationshipState.Evaluate"/> answers from the engagements.
/// </summary>
internal static class ProjectedState
{
    // Related contacts repeat the predicate of the partial index of related engagements (related_channels <> 0):
    // without it the planner may read every engagement of the year to find them.
    private static readonly string Sql = $"""
        with p as (select ?::varchar as r, ?::date as d)
        select json_build_object(
          'channels', (select json_agg(json_build_object(
              'channel', c.ch,
              'step', (select {IntervalJson("s")} from {StepTable} s
                       where s.relationship_id = p.r and s.channel = c.ch and s.from_day <= p.d order by s.from_day desc, s.idx desc limit 1),
              'last', (select e.data from {EngagementTable} e
                       where e.relationship_id = p.r and e.channel = c.ch and e.kind <> {(int)EngagementKind.Planned} and e.known_from <= p.d
                       order by {ProjectedOrder.Latest} limit 1),
              'relatedContacts', {Latest10($"e.related_channels <> 0 and (e.related_channels & (1 << c.ch)) <> 0")},
              'evidence', {Latest10($"e.channel = c.ch and e.kind in ({(int)EngagementKind.Statement}, {(int)EngagementKind.Outreach}, {(int)EngagementKind.Sanction})")},
              'upcoming', (select e.data from {EngagementTable} e
                           where e.relationship_id = p.r and e.channel = c.ch and e.kind = {(int)EngagementKind.Planned}
                             and e.known_from <= p.d and e.occurred_end >= p.d
                           order by e.occurred_start, e.occurred_precision desc, {ProjectedOrder.Earliest} limit 1)
            ) order by c.ch) from unnest(?::integer[]) as c(ch)),
          'temperature', (select json_agg(json_build_object(
              'days', w.days, 'goldstein', t.goldstein, 'verbalCooperation', t.q1, 'materialCooperation', t.q2,
              'verbalConflict', t.q3, 'materialConflict', t.q4) order by w.days)
            from unnest(?::integer[]) as w(days)
            cross join lateral (
              select coalesce(sum(e.goldstein), 0) as goldstein,
                     count(*) filter (where e.quad_class = 1) as q1, count(*) filter (where e.quad_class = 2) as q2,
                     count(*) filter (where e.quad_class = 3) as q3, count(*) filter (where e.quad_class = 4) as q4
              from {EngagementTable} e
              where e.relationship_id = p.r and e.quad_class is not null
                and e.known_from > p.d - w.days and e.known_from <= p.d) t))
        from p where exists (select 1 from {RelationshipTable} o where o.relationship_id = p.r)
        """;

    /// <summary>The state on <paramref name="asOf"/>, or null when the relationship has no engagement in force.</summary>
    public static async Task<RelationshipState?> AtAsync(IQuerySession session, string relationshipId, DateOnly asOf, CancellationToken cancellation)
    {
        await EnsureAsync(session, cancellation);

        // The connection keeps this statement prepared, and after a few calls PostgreSQL would plan it once for every
        // relationship and day, a plan slower than one made for the day asked. The setting lasts as long as the session
        // holds the connection: the pool resets it before anyone else uses the connection.
        var batch = session.CreateBatchQuery();
        _ = batch.Query<string>("select set_config('plan_cache_mode', 'force_custom_plan', false)");
        var state = batch.Query<Projected>(
            Sql,
            relationshipId,
            asOf,
            Enum.GetValues<Channel>().Select(c => (int)c).ToArray(),
            Temperature.WindowDays);
        await batch.Execute(cancellation);
        var rows = await state;
        if (rows.Count == 0)
        {
            return null;
        }

        var projected = rows[0];
        var channels = projected.Channels
            .Select(c => ChannelState.Of(
                c.Channel,
                c.Step ?? ChannelTimeline.Unknown(c.Channel, asOf),
                c.Last,
                c.RelatedContacts,
                c.Evidence,
                c.Upcoming))
            .ToList();
        var temperature = new Temperature(projected.Temperature
            .Select(t => TemperatureWindow.Of(
                t.Days,
                asOf.AddDaysWithinCalendar(1 - t.Days),
                asOf,
                t.Goldstein,
                new QuadClassCounts(t.VerbalCooperation, t.MaterialCooperation, t.VerbalConflict, t.MaterialConflict)))
            .ToList());
        return new RelationshipState(RelationshipKey.Countries(relationshipId), asOf, channels, temperature);
    }

    /// <summary>The latest ten engagements known in the year up to <c>p.d</c> that meet <paramref name="condition"/>, latest first.</summary>
    private static string Latest10(string condition) => $"""
        coalesce((select json_agg(x.data order by x.known_from desc, x.known_precision, x.source_id collate "C" desc)
                  from (select e.data, e.known_from, e.known_precision, e.source_id from {EngagementTable} e
                        where e.relationship_id = p.r and {condition}
                          and e.known_from > p.d - {RelationshipState.RecentDays} and e.known_from <= p.d
                        order by {ProjectedOrder.Latest} limit {RelationshipState.MaxListed}) x), '[]'::json)
        """;

    private sealed record Projected(IReadOnlyList<ProjectedChannel> Channels, IReadOnlyList<ProjectedWindow> Temperature);

    private sealed record ProjectedChannel(
        Channel Channel,
        StatusInterval? Step,
        Engagement? Last,
        IReadOnlyList<Engagement> RelatedContacts,
        IReadOnlyList<Engagement> Evidence,
        Engagement? Upcoming);

    private sealed record ProjectedWindow(
        int Days, decimal Goldstein, int VerbalCooperation, int MaterialCooperation, int VerbalConflict, int MaterialConflict);
}
