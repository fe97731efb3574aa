using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.Alerts;

/// <summary>Which changes a reader of the feed asks for; each is optional.</summary>
/// <param name="Since">Changes made on or after this day.</param>
/// <param name="Relationship">The relationship's key, e.g. CHN-USA.</param>
/// <param name="Country">Changes of any relationship of this country.</param>
/// <param name="Channel">The channel, in the API's word, e.g. military.</param>
public sealed record ChangeFilter(DateOnly? Since, string? Relationship, string? Country, string? Channel);

/// <summary>One page of changes, newest first.</summary>
public sealed record ChangePage(int Page, int PageSize, bool HasMore, IReadOnlyList<ChannelStatusChanged> Changes);

/// <summary>The changes recorded, newest first: for GET /api/changes, the Atom feed and the dashboard.</summary>
public static class ChangeFeed
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    private static readonly string Sql =
        $"select change from {ProjectedTables.ChangeTable} " +
        "where (?::date is null or as_of >= ?::date) and (?::varchar is null or relationship_id = ?::varchar) " +
        "and (?::varchar is null or split_part(relationship_id, '-', 1) = ?::varchar or split_part(relationship_id, '-', 2) = ?::varchar) " +
        "and (?::varchar is null or channel = ?::varchar) " +
        "order by seq desc limit ? offset ?";

    public static async Task<ChangePage> ReadAsync(IQuerySession session, ChangeFilter filter, int page, int pageSize, CancellationToken cancellation)
    {
        await ProjectedTables.EnsureAsync(session, cancellation);
        await StateFreshness.EnsureAsync(session, cancellation);
        var rows = await session.QueryAsync<ChannelStatusChanged>(
            Sql,
            cancellation,
            filter.Since!,
            filter.Since!,
            filter.Relationship!,
            filter.Relationship!,
            filter.Country!,
            filter.Country!,
            filter.Country!,
            filter.Channel!,
            filter.Channel!,
            pageSize + 1,
            (long)(page - 1) * pageSize);
        return new ChangePage(page, pageSize, rows.Count > pageSize, rows.Take(pageSize).ToList());
    }
}
