using System.Globalization;
using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Folds again the channels a batch moves, from the earliest day each changed, and only as far as the new steps
/// differ from the stored ones. Past the last changed engagement, a meeting, visit or call leaves the fold in a
/// state made of the step it emits and itself; when that step is the one stored for it, every later step is the
/// stored one too, so the refold stops there. The engagements after the changes are read a few at a time, since
/// most refolds stop at the first meeting after them.
/// </summary>
internal static class ChannelRefold
{
    /// <summary>How far apart the positions of steps appended at a channel's end are, leaving room to insert between.</summary>
    public const long Spacing = 1L << 20;

    private const int FirstChunk = 8;
    private const int MaxChunk = 512;

    /// <summary>
    /// For each channel, its engagements in force from <c>from_day</c> to <c>through_day</c>, then those of the next
    /// days after <c>through_day</c> until at least <c>{0}</c> more (whole days, read along the index by day), each
    /// meeting, visit or call among the latter with the last step stored as emitted by it; <c>last</c> tells that
    /// none is left after them.
    /// </summary>
    private static readonly string ChunkSql =
        "select json_build_object('relationshipId', k.relationship_id, 'channel', k.channel, 'engagement', e.data, 'last', n.day is null, " +
        "'stored', case when s.idx is null then null else json_build_object('index', s.idx, 'fingerprint', s.fingerprint, 'nextFrom', s.next_from) end) " +
        "from unnest(?::varchar[], ?::integer[], ?::date[], ?::date[]) as k(relationship_id, channel, from_day, through_day) " +
        $"left join lateral (select e.known_from as day from {ProjectedTables.EngagementTable} e " +
        "where e.relationship_id = k.relationship_id and e.channel = k.channel and e.signal <> 0 and e.known_from > k.through_day " +
        "order by e.known_from offset {0} limit 1) n on true " +
        $"join {ProjectedTables.EngagementTable} e on e.relationship_id = k.relationship_id and e.channel = k.channel and e.signal <> 0 " +
        "and e.known_from >= k.from_day and e.known_from <= coalesce(n.day, 'infinity'::date) " +
        // The conditions on e sit inside the lateral, where PostgreSQL tests them before looking, not after.
        $"left join lateral (select idx, fingerprint, next_from from {ProjectedTables.StepTable} s " +
        $"where e.signal = {(int)Signal.Success} and e.known_from > k.through_day " +
        "and s.relationship_id = k.relationship_id and s.channel = k.channel and s.emitted_by = e.source_id " +
        "order by s.idx desc limit 1) s on true";

    public static async Task<IReadOnlyList<RefoldedChannel>> RunAsync(
        IDocumentOperations operations,
        ChangePlan plan,
        ActivityWindows windows,
        Marten.ISerializer serializer,
        CancellationToken cancellation)
    {
        var resumedFrom = await LastStepsBeforeAsync(operations, plan, cancellation);
        var lastSuccesses = await LastSuccessesBeforeAsync(operations, plan, cancellation);
        var changedOn = plan.InForce
            .Where(e => ChannelTimeline.MovesStatus(e.Engagement))
            .ToLookup(e => new ChannelKey(e.RelationshipId, e.Engagement.Channel), e => e.Engagement);

        var refolds = plan.Channels.ToDictionary(
            c => c.Key,
            c =>
            {
                var last = resumedFrom.GetValueOrDefault(c.Key);
                var fold = ChannelFold.Resume(
                    c.Key.Channel,
                    windows.For(c.Key.Channel),
                    last is null ? null : new StatusStep(last.From, last.Interval, last.Extends),
                    lastSuccesses.GetValueOrDefault(c.Key));
                return new Refold(c.Key, c.Value, fold, last?.Index ?? 0, serializer);
            });

        var all = refolds.Values.ToList();
        var first = await ChunkAsync(operations, all, r => r.Changed.From, r => r.Changed.Through, FirstChunk, cancellation);
        foreach (var refold in all)
        {
            var rows = first[refold.Key].ToList();
            var changed = changedOn[refold.Key].Where(e => e.KnownFrom.Start >= refold.Changed.From);
            var unchanged = rows.Where(r => r.Engagement.KnownFrom.Start <= refold.Changed.Through && !plan.Changed.Contains(r.Engagement.SourceId))
                .Select(r => r.Engagement);
            refold.Add(unchanged.Concat(changed).Order(OccurrenceOrder.Instance));
            refold.Continue(rows.Where(r => r.Engagement.KnownFrom.Start > refold.Changed.Through).ToList());
        }

        for (var chunk = FirstChunk * 4; all.Any(r => !r.Done); chunk = Math.Min(chunk * 4, MaxChunk))
        {
            var pending = all.Where(r => !r.Done).ToList();
            var next = await ChunkAsync(operations, pending, r => r.FoldedThrough.AddDays(1), r => r.FoldedThrough, chunk, cancellation);
            foreach (var refold in pending)
            {
                refold.Continue(next[refold.Key].ToList());
            }
        }

        return [.. refolds.Values.Select(r => r.Result())];
    }

    /// <summary>The last step emitted by the engagements before the day each channel changed from.</summary>
    private static async Task<Dictionary<ChannelKey, StoredStep>> LastStepsBeforeAsync(
        IDocumentOperations operations, ChangePlan plan, CancellationToken cancellation) =>
        (await operations.QueryAsync<StoredStep>(
            "select json_build_object('relationshipId', k.relationship_id, 'channel', k.channel, 'index', s.idx, " +
            "'from', s.from_day, 'extends', s.extends, 'interval', s.step) " +
            $"from {ChangedFrom} cross join lateral (select idx, from_day, extends, step from {ProjectedTables.StepTable} s " +
            "where s.relationship_id = k.relationship_id and s.channel = k.channel and s.emitted_on < k.day " +
            "order by s.emitted_on desc, s.idx desc limit 1) s",
            cancellation,
            KeyArguments(plan)))
        .ToDictionary(s => new ChannelKey(s.RelationshipId, s.Channel));

    /// <summary>The last meeting, visit or call before the day each channel changed from.</summary>
    private static async Task<Dictionary<ChannelKey, Engagement>> LastSuccessesBeforeAsync(
        IDocumentOperations operations, ChangePlan plan, CancellationToken cancellation) =>
        (await operations.QueryAsync<ChannelEngagement>(
            "select json_build_object('relationshipId', k.relationship_id, 'channel', k.channel, 'engagement', e.data) " +
            $"from {ChangedFrom} cross join lateral (select data from {ProjectedTables.EngagementTable} e " +
            $"where e.relationship_id = k.relationship_id and e.channel = k.channel and e.signal = {(int)Signal.Success} " +
            $"and e.known_from = (select max(known_from) from {ProjectedTables.EngagementTable} x where x.relationship_id = k.relationship_id " +
            $"and x.channel = k.channel and x.signal = {(int)Signal.Success} and x.known_from < k.day) " +
            $"order by {ProjectedOrder.Latest} limit 1) e",
            cancellation,
            KeyArguments(plan)))
        .ToDictionary(e => new ChannelKey(e.RelationshipId, e.Channel), e => e.Engagement);

    private const string ChangedFrom = "unnest(?::varchar[], ?::integer[], ?::date[]) as k(relationship_id, channel, day)";

    private static object[] KeyArguments(ChangePlan plan) =>
    [
        plan.Channels.Keys.Select(k => k.RelationshipId).ToArray(),
        plan.Channels.Keys.Select(k => (int)k.Channel).ToArray(),
        plan.Channels.Values.Select(d => d.From).ToArray(),
    ];

    private static async Task<ILookup<ChannelKey, ChunkRow>> ChunkAsync(
        IDocumentOperations operations,
        IReadOnlyCollection<Refold> refolds,
        Func<Refold, DateOnly> from,
        Func<Refold, DateOnly> through,
        int after,
        CancellationToken cancellation) =>
        (await operations.QueryAsync<ChunkRow>(
            string.Format(CultureInfo.InvariantCulture, ChunkSql, after - 1),
            cancellation,
            refolds.Select(r => r.Key.RelationshipId).ToArray(),
            refolds.Select(r => (int)r.Key.Channel).ToArray(),
            refolds.Select(from).ToArray(),
            refolds.Select(through).ToArray()))
        .ToLookup(r => new ChannelKey(r.RelationshipId, r.Channel));

    /// <summary>One channel being folded again.</summary>
    private sealed class Refold(ChannelKey key, ChangedDays changed, ChannelFold fold, long after, Marten.ISerializer serializer)
    {
        private StoredMark? _convergedOn;
        private bool _exhausted;
        private bool _mayConverge = true;

        public ChannelKey Key => key;

        public ChangedDays Changed => changed;

        /// <summary>The last day whose engagements are all folded.</summary>
        public DateOnly FoldedThrough { get; private set; } = changed.Through;

        public bool Done => _convergedOn is not null || _exhausted;

        public void Add(IEnumerable<Engagement> engagements)
        {
            foreach (var engagement in engagements)
            {
                fold.Add(engagement);
            }
        }

        /// <summary>Folds the next days' engagements after the changed days until the fold meets the stored steps.</summary>
        public void Continue(IReadOnlyList<ChunkRow> rows)
        {
            foreach (var row in rows.OrderBy(r => r.Engagement, OccurrenceOrder.Instance))
            {
                fold.Add(row.Engagement);
                FoldedThrough = row.Engagement.KnownFrom.Start;
                if (_mayConverge && row.Stored is { Fingerprint: { } stored } mark &&
                    StepRow.FingerprintOf(fold.Emitted[^1].Step, serializer) == stored)
                {
                    if (mark.Index - after >= fold.Emitted.Count)
                    {
                        _convergedOn = mark;
                        return;
                    }

                    // No room left between the kept steps: fold to the end and space the steps out again.
                    _mayConverge = false;
                }
            }

            if (rows.Count == 0 || rows[0].Last)
            {
                fold.Finish();
                _exhausted = true;
            }
        }

        public RefoldedChannel Result()
        {
            var emitted = fold.Emitted;
            var positions = _convergedOn is { } mark
                ? emitted.Select((_, i) => after + (long)((Int128)(mark.Index - after) * (i + 1) / emitted.Count)).ToArray()
                : emitted.Select((_, i) => after + (Spacing * (i + 1))).ToArray();
            return new RefoldedChannel(key, after, _convergedOn?.Index, _convergedOn?.NextFrom, emitted, positions);
        }
    }

    private sealed record ChunkRow(string RelationshipId, Channel Channel, Engagement Engagement, bool Last, StoredMark? Stored);

    private sealed record StoredMark(long Index, long? Fingerprint, DateOnly? NextFrom);

    private sealed record ChannelEngagement(string RelationshipId, Channel Channel, Engagement Engagement);

    private sealed record StoredStep(string RelationshipId, Channel Channel, long Index, DateOnly From, bool Extends, StatusInterval Interval);
}

/// <summary>The first and last day on which a batch changed a channel's engagements (their old versions included).</summary>
internal readonly record struct ChangedDays(DateOnly From, DateOnly Through);

/// <summary>
/// A channel folded again: the steps after position <see cref="After"/> up to <see cref="Through"/> (to the end when
/// null) give way to <see cref="Emitted"/>, at <see cref="Positions"/>; the last of them is followed by the stored
/// step that begins on <see cref="NextFrom"/>.
/// </summary>
internal sealed record RefoldedChannel(
    ChannelKey Key,
    long After,
    long? Through,
    DateOnly? NextFrom,
    IReadOnlyList<EmittedStep> Emitted,
    IReadOnlyList<long> Positions);
