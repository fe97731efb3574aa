using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Listing;
using static RelationsTracker.Relationships.Projection.ProjectedTables;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// One page of the relationships known by a day, filtered and sorted in PostgreSQL over <see cref="ProjectedTables"/>,
/// with each channel's status and since when.
/// </summary>
internal static partial class ProjectedListing
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

        // The values go into the query itself (not a row of parameters joined in), so that PostgreSQL plans with them:
        // with the whole listing of relationships in view, it joins the steps in force in one pass instead of
        // looking them up relationship by relationship. The steps in force are inlined where used, for the same reason.
        var (join, order) = Order(page.Order);
        var (sql, arguments) = Bind(
            $"""
            with in_force as not materialized (
              select s.relationship_id, s.channel, s.status, s.since_day from {StepTable} s
              where s.next_from is null and s.from_day <= @d
              union all
              select s.relationship_id, s.channel, s.status, s.since_day from {StepTable} s
              where s.next_from > @d and s.from_day <= @d),
            kept as not materialized (
              select o.relationship_id from {RelationshipTable} o
              where o.first_known <= @d
                and (@country is null or o.country_a = @country or o.country_b = @country)
                and {NamedCondition(filter)}
                and (@r is null or o.relationship_id = @r)
                and {StatusCondition(filter)}),
            hiding as materialized (
              select case @hide when 'always' then true when 'never' then false
                     else (select count(*) from kept) > @limit end as hides),
            listed as not materialized (
              select k.relationship_id from kept k
              where not (select hides from hiding)
                 or k.relationship_id in (select f.relationship_id from in_force f where f.status <> {(int)ChannelStatus.Unknown}))
            select json_build_object(
              'totalCount', (select count(*) from listed),
              'hiddenCount', case when (select hides from hiding) then (select count(*) from kept) - (select count(*) from listed) else 0 end,
              'ids', coalesce((select json_agg(x.relationship_id order by x.n)
                      from (select l.relationship_id, row_number() over (order by {order}) as n
                            from listed l {join} order by n limit @limit offset @offset) x), '[]'::json))
            """,
            new Dictionary<string, object>
            {
                ["named"] = filter.EitherCountry?.ToArray() ?? [],
                ["d"] = asOf,
                ["country"] = (object?)filter.Country ?? DBNull.Value,
                ["hide"] = filter.HideAllUnknown switch { true => "always", false => "never", null => "beyondapage" },
                ["r"] = (object?)filter.Relationship ?? DBNull.Value,
                ["limit"] = page.Size,
                ["offset"] = (long)(page.Number - 1) * page.Size,
            });
        var found = (await session.QueryAsync<Found>(sql, cancellation, arguments))[0];
        if (found.Ids.Count == 0)
        {
            return new RelationshipListing(found.TotalCount, [], found.HiddenCount);
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
        return new RelationshipListing(found.TotalCount, overviews, found.HiddenCount);
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

    /// <summary>
    /// <paramref name="sql"/> with each <c>@name</c> replaced by a positional parameter, and the values in their
    /// order (a value used three times is passed three times).
    /// </summary>
    private static (string Sql, object[] Arguments) Bind(string sql, IReadOnlyDictionary<string, object> values)
    {
        var arguments = new List<object>();
        var bound = Parameter().Replace(sql, match =>
        {
            var value = values[match.Groups[1].Value];
            arguments.Add(value);
            return value switch
            {
                DateOnly => "?::date",
                string[] => "?::varchar[]",
                int => "?::integer",
                long => "?::bigint",
                _ => "?::varchar",
            };
        });
        return (bound, [.. arguments]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"@([a-z]+)\b")]
    private static partial System.Text.RegularExpressions.Regex Parameter();

    /// <summary>What <see cref="RelationshipFilter"/> keeps, in SQL over the listed relationship <c>o</c>.</summary>
    private static string StatusCondition(RelationshipFilter filter)
    {
        string With(string condition) => $"o.relationship_id in (select f.relationship_id from in_force f where {condition})";

        return (filter.Channel, filter.Status) switch
        {
            (null, null) => "true",
            ({ } channel, null) => With($"f.channel = {(int)channel}"),
            ({ } channel, ChannelStatus.Unknown) => "not " + With($"f.channel = {(int)channel}"),
            ({ } channel, { } status) => With($"f.channel = {(int)channel} and f.status = {(int)status}"),
            (null, ChannelStatus.Unknown) =>
                $"o.relationship_id not in (select f.relationship_id from in_force f group by 1 having count(*) = {Enum.GetValues<Channel>().Length})",
            (null, { } status) => With($"f.status = {(int)status}"),
        };
    }

    /// <summary>What a search by country name keeps: either country is one it found (<c>@named</c>).</summary>
    private static string NamedCondition(RelationshipFilter filter) =>
        filter.EitherCountry is null ? "true" : "(o.country_a = any(@named) or o.country_b = any(@named))";

    /// <summary>What the page's relationships <c>l</c> are joined with, and the order they are sorted in.</summary>
    private static (string Join, string Order) Order(ListingOrder order) => order switch
    {
        ListingOrder.Changed => (
            "left join (select f.relationship_id, max(f.since_day) as day from in_force f group by 1) c on c.relationship_id = l.relationship_id",
            "c.day desc nulls last, l.relationship_id collate \"C\""),
        ListingOrder.Latest => (
            "",
            $"(select max(e.known_from) from {EngagementTable} e where e.relationship_id = l.relationship_id and e.known_from <= @d) desc nulls last, " +
            "l.relationship_id collate \"C\""),
        _ => ("", "l.relationship_id collate \"C\""),
    };

    private sealed record Found(int TotalCount, int HiddenCount, IReadOnlyList<string> Ids);

    private sealed record InForceStep(string RelationshipId, Channel Channel, ChannelStatus Status, string Since);
}
