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
    /// <summary>A step is in force on day <c>p.d</c> from its own day until the next step's.</summary>
    private const string InForce = "s.from_day <= p.d and (s.next_from is null or s.next_from > p.d)";

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
                $"from {StepTable} s, p where s.relationship_id = any(?) and {InForce}",
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
        string Any(string condition) =>
            $"exists (select 1 from {StepTable} s where s.relationship_id = o.relationship_id and {InForce} and {condition})";

        return (filter.Channel, filter.Status) switch
        {
            (null, null) => "true",
            ({ } channel, null) => Any($"s.channel = {(int)channel}"),
            ({ } channel, ChannelStatus.Unknown) => "not " + Any($"s.channel = {(int)channel}"),
            ({ } channel, { } status) => Any($"s.channel = {(int)channel} and s.status = {(int)status}"),
            (null, ChannelStatus.Unknown) =>
                $"(select count(*) from {StepTable} s where s.relationship_id = o.relationship_id and {InForce}) < {Enum.GetValues<Channel>().Length}",
            (null, { } status) => Any($"s.status = {(int)status}"),
        };
    }

    private static string Order(ListingOrder order) => order switch
    {
        ListingOrder.Changed =>
            $"(select max(s.since_day) from {StepTable} s where s.relationship_id = l.relationship_id and {InForce}) desc nulls last, " +
            "l.relationship_id collate \"C\"",
        ListingOrder.Latest =>
            $"(select max(e.known_from) from {EngagementTable} e where e.relationship_id = l.relationship_id and e.known_from <= p.d) desc nulls last, " +
            "l.relationship_id collate \"C\"",
        _ => "l.relationship_id collate \"C\"",
    };

    private sealed record Found(int TotalCount, IReadOnlyList<string> Ids);

    private sealed record InForceStep(string RelationshipId, Channel Channel, ChannelStatus Status, string Since);
}
