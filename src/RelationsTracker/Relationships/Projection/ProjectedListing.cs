using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Listing;
using static RelationsTracker.Relationships.Projection.ProjectedTables;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// One page of the relationships known by a day, filtered and sorted in PostgreSQL over <see cref="ProjectedTables"/>,
/// with each channel's status and since when.
/// </summary>
internal static class ProjectedListing
{
    /// <summary>Every channel, as an SQL array.</summary>
    private static readonly string AllChannels = $"array[{string.Join(", ", Enum.GetValues<Channel>().Select(c => (int)c))}]";

    /// <summary>
    /// <paramref name="columns"/> of the step of channel <paramref name="channel"/> of relationship
    /// <paramref name="relationship"/> in force on day <c>p.d</c>: steps follow each other by day (each is in force
    /// from its own day until the next one's), so it is the channel's latest step from that day or before, found in
    /// the index <c>ix_channel_step_day</c> without reading the channel's earlier steps.
    /// </summary>
    private static string StepInForce(string relationship, string channel, string columns) =>
        $"(select {columns} from {StepTable} s where s.relationship_id = {relationship} and s.channel = {channel} and s.from_day <= p.d " +
        "order by s.from_day desc, s.idx desc limit 1)";

    public static async Task<RelationshipListing> ListAsync(
        IQuerySession session, RelationshipFilter filter, DateOnly asOf, ListingPage page, CancellationToken cancellation)
    {
        await EnsureAsync(session, cancellation);
        var sql = $"""
            with p as (select ?::date as d, ?::varchar as country, ?::varchar as r),
            listed as (
              select o.relationship_id from {RelationshipTable} o, p
              where o.first_known <= p.d
                and (p.country is null or o.country_a = p.country or o.country_b = p.country)
                and (p.r is null or o.relationship_id = p.r)
                and {StatusCondition(filter)})
            select json_build_object(
              'totalCount', (select count(*) from listed),
              'ids', coalesce((select json_agg(x.relationship_id order by x.n)
                      from (select l.relationship_id, row_number() over (order by {Order(page.Order)}) as n
                            from listed l, p order by n limit ? offset ?) x), '[]'::json))
            """;
        var found = (await session.QueryAsync<Found>(
            sql,
            cancellation,
            asOf,
            (object?)filter.Country ?? DBNull.Value,
            (object?)filter.Relationship ?? DBNull.Value,
            page.Size,
            (long)(page.Number - 1) * page.Size))[0];
        if (found.Ids.Count == 0)
        {
            return new RelationshipListing(found.TotalCount, []);
        }

        var steps = (await session.QueryAsync<InForceStep>(
                "with p as (select ?::date as d) " +
                "select json_build_object('relationshipId', s.relationship_id, 'channel', s.channel, 'status', s.status, 'since', s.since) " +
                $"from p, unnest(?::varchar[]) as r(id), unnest({AllChannels}) as c(ch) " +
                $"cross join lateral {StepInForce("r.id", "c.ch", "s.relationship_id, s.channel, s.status, s.since")} s",
                cancellation,
                asOf,
                found.Ids.ToArray()))
            .ToLookup(s => s.RelationshipId);
        var overviews = found.Ids
            .Select(id => new RelationshipOverview(
                id,
                RelationshipKey.Countries(id),
                Enum.GetValues<Channel>()
                    .Select(c => steps[id].FirstOrDefault(s => s.Channel == c) is { } step
                        ? new ChannelSummary(c, step.Status, step.Since)
                        : new ChannelSummary(c, ChannelStatus.Unknown, null))
                    .ToList()))
            .ToList();
        return new RelationshipListing(found.TotalCount, overviews);
    }

    /// <summary>The countries with a relationship known by <paramref name="asOf"/>, in order of their codes.</summary>
    public static async Task<IReadOnlyList<string>> CountriesAsync(IQuerySession session, DateOnly asOf, CancellationToken cancellation)
    {
        await EnsureAsync(session, cancellation);
        return await session.QueryAsync<string>(
            $"select c from (select country_a as c from {RelationshipTable} where first_known <= ? " +
            $"union select country_b from {RelationshipTable} where first_known <= ?) x order by c collate \"C\"",
            cancellation,
            asOf,
            asOf);
    }

    /// <summary><see cref="RelationshipFilter.Keeps"/> in SQL over the listed relationship <c>o</c>.</summary>
    private static string StatusCondition(RelationshipFilter filter)
    {
        string Exists(string channel) => $"exists {StepInForce("o.relationship_id", channel, "1")}";
        string StatusOf(string channel) => StepInForce("o.relationship_id", channel, "s.status");

        return (filter.Channel, filter.Status) switch
        {
            (null, null) => "true",
            ({ } channel, null) => Exists($"{(int)channel}"),
            ({ } channel, ChannelStatus.Unknown) => "not " + Exists($"{(int)channel}"),
            ({ } channel, { } status) => $"{StatusOf($"{(int)channel}")} = {(int)status}",
            (null, ChannelStatus.Unknown) => $"exists (select 1 from unnest({AllChannels}) as c(ch) where not {Exists("c.ch")})",
            (null, { } status) => $"exists (select 1 from unnest({AllChannels}) as c(ch) where {StatusOf("c.ch")} = {(int)status})",
        };
    }

    private static string Order(ListingOrder order) => order switch
    {
        ListingOrder.Changed =>
            $"(select max(s.since_day) from unnest({AllChannels}) as c(ch) cross join lateral {StepInForce("l.relationship_id", "c.ch", "s.since_day")} s) " +
            "desc nulls last, l.relationship_id collate \"C\"",
        ListingOrder.Latest =>
            $"(select max(e.known_from) from {EngagementTable} e where e.relationship_id = l.relationship_id and e.known_from <= p.d) desc nulls last, " +
            "l.relationship_id collate \"C\"",
        _ => "l.relationship_id collate \"C\"",
    };

    private sealed record Found(int TotalCount, IReadOnlyList<string> Ids);

    private sealed record InForceStep(string RelationshipId, Channel Channel, ChannelStatus Status, string Since);
}
