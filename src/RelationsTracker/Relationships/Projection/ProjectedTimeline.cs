using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Timeline;
using static RelationsTracker.Relationships.Projection.ProjectedTables;

namespace RelationsTracker.Relationships.Projection;

/// <summary>A relationship over time, from <see cref="ProjectedTables"/>: its engagements in force and each channel's steps.</summary>
internal static class ProjectedTimeline
{
    public static async Task<bool> ExistsAsync(IQuerySession session, string relationshipId, CancellationToken cancellation)
    {
        await EnsureAsync(session, cancellation);
        return (await session.QueryAsync<int>(
            $"select count(*) from {RelationshipTable} where relationship_id = ?", cancellation, relationshipId))[0] > 0;
    }

    /// <summary>One page of the engagements the query keeps, in order of occurrence, or null when none is in force.</summary>
    public static async Task<TimelinePage?> PageAsync(IQuerySession session, string relationshipId, TimelineQuery query, CancellationToken cancellation)
    {
        if (!await ExistsAsync(session, relationshipId, cancellation))
        {
            return null;
        }

        var (condition, arguments) = Condition(relationshipId, query);
        var total = (await session.QueryAsync<int>($"select count(*) from {EngagementTable} e where {condition}", cancellation, [.. arguments]))[0];
        var engagements = await session.QueryAsync<Engagement>(
            $"select e.data from {EngagementTable} e where {condition} order by {ProjectedOrder.Earliest} limit ? offset ?",
            cancellation,
            [.. arguments, query.PageSize, (long)(query.Page - 1) * query.PageSize]);
        return new TimelinePage(
            RelationshipKey.Countries(relationshipId),
            query.Page,
            query.PageSize,
            total,
            (total + query.PageSize - 1) / query.PageSize,
            engagements);
    }

    /// <summary>Every engagement in force, in order of occurrence.</summary>
    public static async Task<IReadOnlyList<Engagement>> AllAsync(IQuerySession session, string relationshipId, CancellationToken cancellation)
    {
        await EnsureAsync(session, cancellation);
        return await session.QueryAsync<Engagement>(
            $"select e.data from {EngagementTable} e where e.relationship_id = ? order by {ProjectedOrder.Earliest}", cancellation, relationshipId);
    }

    /// <summary>The channel's steps that take effect by <paramref name="to"/>, in order.</summary>
    public static async Task<IReadOnlyList<StatusStep>> StepsAsync(
        IQuerySession session, string relationshipId, Channel channel, DateOnly to, CancellationToken cancellation)
    {
        await EnsureAsync(session, cancellation);
        // Npgsql stores the calendar's first day as -infinity, which no DateOnly reads: an engagement stored on that
        // day before the date bounds existed.
        var steps = await session.QueryAsync<StoredStep>(
            $"select json_build_object('from', greatest(s.from_day, date '0001-01-01'), 'extends', s.extends, 'interval', {IntervalJson("s")}) " +
            $"from {StepTable} s where s.relationship_id = ? and s.channel = ? and s.from_day <= ? order by s.idx",
            cancellation,
            relationshipId,
            (int)channel,
            to);
        return [.. steps.Select(s => new StatusStep(s.From, s.Interval, s.Extends))];
    }

    /// <summary>
    /// The mean Goldstein score of the <paramref name="windowDays"/> days up to each day from <paramref name="from"/>
    /// to <paramref name="to"/>, every <paramref name="every"/> days.
    /// </summary>
    public static async Task<IReadOnlyList<(DateOnly Day, int Count, decimal Goldstein)>> TemperatureAsync(
        IQuerySession session, string relationshipId, DateOnly from, DateOnly to, int every, int windowDays, CancellationToken cancellation)
    {
        var days = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(every))
        {
            days.Add(day);
        }

        var sums = await session.QueryAsync<WindowSum>(
            "select json_build_object('day', d.day, 'count', count(e.goldstein), 'goldstein', coalesce(sum(e.goldstein), 0)) " +
            $"from unnest(?::date[]) as d(day) left join {EngagementTable} e on e.relationship_id = ? and e.quad_class is not null " +
            "and e.known_from > d.day - ? and e.known_from <= d.day group by d.day order by d.day",
            cancellation,
            days.ToArray(),
            relationshipId,
            windowDays);
        return [.. sums.Select(s => (s.Day, s.Count, s.Goldstein))];
    }

    private static (string Condition, List<object> Arguments) Condition(string relationshipId, TimelineQuery query)
    {
        var condition = "e.relationship_id = ?";
        List<object> arguments = [relationshipId];
        void And(string clause, object value)
        {
            condition += " and " + clause;
            arguments.Add(value);
        }

        if (query.From is { } from)
        {
            And("e.known_from >= ?", from);
        }

        if (query.To is { } to)
        {
            And("e.known_from <= ?", to);
        }

        if (query.Kind is { } kind)
        {
            And("e.kind = ?", (int)kind);
        }

        if (query.Channel is { } channel)
        {
            And("e.channel = ?", (int)channel);
        }

        return (condition, arguments);
    }

    private sealed record StoredStep(DateOnly From, bool Extends, StatusInterval Interval);

    private sealed record WindowSum(DateOnly Day, int Count, decimal Goldstein);
}
