using Marten;
using Marten.Services.BatchQuerying;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Folds again the channels a batch moves, from the earliest day each changed, and only as far as the new steps
/// differ from the stored ones. Past the last changed engagement, a meeting, visit or call leaves the fold in a
/// state made of the step it emits and itself; when that step is the one stored for it, every later step is the
/// stored one too, so the refold stops there. The engagements after the changes are read a few days at a time, since
/// most refolds stop at the first meeting after them.
/// </summary>
internal static class ChannelRefold
{
    /// <summary>How far apart the positions of steps appended at a channel's end are, leaving room to insert between.</summary>
    public const long Spacing = 1L << 20;

    /// <summary>A first read goes as far as the first meeting, visit or call after the changed day: where most refolds stop.</summary>
    private const int ThroughNextSuccess = 0;
    private const int SecondChunk = 8;
    private const int MaxChunk = 512;

    /// <summary>
    /// For each channel, its engagements in force from <c>from_day</c> to <c>through_day</c>, then those of the next
    /// days after <c>through_day</c> until at least <c>more</c> more, or when <c>more</c> is 0 until the first success
    /// (whole days, read along the index by day), each
    /// of the latter with the last step stored as emitted by it; <c>last</c> tells that none is left after them.
    /// </summary>
    internal static readonly string ChunkSql =
        "select json_build_object('relationshipId', k.relationship_id, 'channel', k.channel, 'engagement', e.data, 'last', n.day is null, " +
        "'stored', case when s.idx is null then null else json_build_object('index', s.idx, 'fingerprint', s.fingerprint, 'nextFrom', s.next_from) end) " +
        "from unnest(?::varchar[], ?::integer[], ?::date[], ?::date[], ?::integer[]) as k(relationship_id, channel, from_day, through_day, more) " +
        $"left join lateral (select e.known_from as day from {ProjectedTables.EngagementTable} e " +
        "where e.relationship_id = k.relationship_id and e.channel = k.channel and e.signal <> 0 and e.known_from > k.through_day " +
        $"and (k.more > 0 or e.signal = {(int)Signal.Success}) order by e.known_from offset greatest(k.more, 1) - 1 limit 1) n on true " +
        // Each channel's days are read along the index, a channel at a time: PostgreSQL flattens a plain lateral into a
        // join, and once its statistics counted many engagements a channel, it hashed a scan of the whole table instead.
        // "offset 0" keeps the lateral apart.
        $"cross join lateral (select data, source_id, known_from, signal from {ProjectedTables.EngagementTable} e " +
        "where e.relationship_id = k.relationship_id and e.channel = k.channel and e.signal <> 0 " +
        "and e.known_from >= k.from_day and e.known_from <= coalesce(n.day, 'infinity'::date) offset 0) e " +
        // The conditions on e sit inside the lateral, where PostgreSQL tests them before looking, not after.
        $"left join lateral (select idx, fingerprint, next_from from {ProjectedTables.StepTable} s " +
        "where e.known_from > k.through_day " +
        "and s.relationship_id = k.relationship_id and s.channel = k.channel and s.emitted_by = e.source_id " +
        "order by s.idx desc limit 1) s on true";

    public static async Task<IReadOnlyList<RefoldedRegion>> RunAsync(
        IQuerySession operations,
        ChangePlan plan,
        ActivityWindows windows,
        CancellationToken cancellation)
    {
        var changedOn = plan.InForce
            .Where(e => ChannelTimeline.MovesStatus(e.Engagement))
            .ToLookup(e => new ChannelKey(e.RelationshipId, e.Engagement.Channel), e => e.Engagement);
        var refolds = plan.Channels
            .Select(c => new Refold(c.Key, c.Value, changedOn[c.Key], plan.Changed, windows.For(c.Key.Channel)))
            .ToList();
        var regions = new List<RefoldedRegion>();
        while (true)
        {
            var reading = refolds.Where(r => r.NextRead is not null).ToList();
            if (reading.Count == 0)
            {
                return regions;
            }

            // One round trip a pass: the steps the channels resume from, and the engagements each reads next.
            var resuming = reading.Where(r => r.ResumingFrom is not null).ToList();
            var batch = operations.CreateBatchQuery();
            var lastSteps = resuming.Count == 0 ? null : LastStepsBefore(batch, resuming);
            var chunks = Chunks(batch, reading);
            await batch.Execute(cancellation);
            var resumedFrom = lastSteps is null ? [] : (await lastSteps).ToDictionary(s => new ChannelKey(s.RelationshipId, s.Channel));
            foreach (var refold in resuming)
            {
                refold.Resume(resumedFrom.GetValueOrDefault(refold.Key));
            }

            var rows = (await chunks).ToLookup(r => new ChannelKey(r.RelationshipId, r.Channel));
            foreach (var refold in reading)
            {
                refold.Continue([.. rows[refold.Key]], regions);
            }
        }
    }

    /// <summary>The last step emitted by the engagements before the day each channel changed from.</summary>
    private static Task<IReadOnlyList<StoredStep>> LastStepsBefore(IBatchedQuery batch, IReadOnlyCollection<Refold> refolds) =>
        batch.Query<StoredStep>(
            "select json_build_object('relationshipId', k.relationship_id, 'channel', k.channel, 'index', s.idx, " +
            $"'from', s.from_day, 'extends', s.extends, 'interval', {ProjectedTables.IntervalJson("s")}) " +
            "from unnest(?::varchar[], ?::integer[], ?::date[]) as k(relationship_id, channel, day) " +
            $"cross join lateral (select * from {ProjectedTables.StepTable} s " +
            "where s.relationship_id = k.relationship_id and s.channel = k.channel and s.emitted_on < k.day " +
            "order by s.emitted_on desc, s.idx desc limit 1) s",
            refolds.Select(r => r.Key.RelationshipId).ToArray(),
            refolds.Select(r => (int)r.Key.Channel).ToArray(),
            refolds.Select(r => r.ResumingFrom!.Value).ToArray());

    private static Task<IReadOnlyList<ChunkRow>> Chunks(IBatchedQuery batch, IReadOnlyCollection<Refold> refolds) =>
        batch.Query<ChunkRow>(
            ChunkSql,
            refolds.Select(r => r.Key.RelationshipId).ToArray(),
            refolds.Select(r => (int)r.Key.Channel).ToArray(),
            refolds.Select(r => r.NextRead!.Value.From).ToArray(),
            refolds.Select(r => r.NextRead!.Value.Through).ToArray(),
            refolds.Select(r => r.NextRead!.Value.After).ToArray());

    /// <summary>
    /// One channel being folded again, stretch by stretch: a stretch starts at a changed day and ends where the fold
    /// meets the stored steps again on a day nothing changed, or at the channel's end. Between stretches the fold
    /// passes over the stored engagements already read without writing, as it emits the stored steps there, to start
    /// the next stretch from the state the stored steps hold; when the next changed day lies beyond them, the next
    /// stretch resumes there from the step stored before it instead, so that the days between are never read.
    /// </summary>
    private sealed class Refold
    {
        private readonly IReadOnlyList<DateOnly> _changedDays;
        private readonly Queue<Engagement> _changed;
        private readonly IReadOnlySet<string> _changedIds;
        private readonly int _windowDays;
        private ChannelFold _fold = null!;
        private long _after;
        private int _stretchStart;
        private bool _refolding;
        private DateOnly? _nextChanged;
        private bool _mayConverge;
        private int _chunk;

        public Refold(
            ChannelKey key, IReadOnlyList<DateOnly> changedDays, IEnumerable<Engagement> changed, IReadOnlySet<string> changedIds, int windowDays)
        {
            Key = key;
            _changedDays = changedDays;
            _changed = new Queue<Engagement>(changed.Order(OccurrenceOrder.Instance));
            _changedIds = changedIds;
            _windowDays = windowDays;
            ResumingFrom = changedDays[0];
        }

        public ChannelKey Key { get; }

        /// <summary>The changed day the next stretch starts on, awaiting the step stored before it.</summary>
        public DateOnly? ResumingFrom { get; private set; }

        /// <summary>The engagements to read next: all of days <c>From</c> to <c>Through</c>, and whole days after them until at least <c>After</c> more.</summary>
        public (DateOnly From, DateOnly Through, int After)? Reading { get; private set; }

        /// <summary>What the channel reads next: a stretch about to resume reads from its changed day, as <see cref="Resume"/> starts it.</summary>
        public (DateOnly From, DateOnly Through, int After)? NextRead => ResumingFrom is { } day ? (day, day, ThroughNextSuccess) : Reading;

        public void Resume(StoredStep? last)
        {
            _fold = ChannelFold.Resume(Key.Channel, _windowDays, last is null ? null : new StatusStep(last.From, last.Interval, last.Extends));
            _after = last?.Index ?? 0;
            _stretchStart = 0;
            _refolding = true;
            _mayConverge = true;
            _chunk = ThroughNextSuccess;
            Reading = NextRead;
            ResumingFrom = null;
        }

        /// <summary>
        /// Folds the days read, the batch's changed engagements among them: a stretch from a changed day until the
        /// fold meets the stored steps on a day nothing changed, then over the stored steps to the next changed day.
        /// </summary>
        public void Continue(IReadOnlyList<ChunkRow> rows, List<RefoldedRegion> regions)
        {
            var exhausted = rows.Count == 0 || rows[0].Last;
            var readThrough = exhausted ? DateOnly.MaxValue : rows.Max(r => r.Engagement.KnownFrom.Start);
            var changed = _changed.TakeWhile(e => e.KnownFrom.Start <= readThrough).Select(e => new ChunkRow(Key.RelationshipId, Key.Channel, e, false, null));
            var merged = rows.Where(r => !_changedIds.Contains(r.Engagement.SourceId)).Concat(changed).OrderBy(r => r.Engagement, OccurrenceOrder.Instance).ToList();
            foreach (var row in merged)
            {
                var day = row.Engagement.KnownFrom.Start;
                if (!_refolding && day >= _nextChanged)
                {
                    StartStretch();
                }

                if (_changed.TryPeek(out var next) && ReferenceEquals(next, row.Engagement))
                {
                    _changed.Dequeue();
                }

                var emitted = _fold.Emitted.Count;
                _fold.Add(row.Engagement);
                if (!_refolding)
                {
                    // Passing over stored steps: the fold emits them again, where they are stored.
                    _after = _fold.Emitted.Count > emitted && row.Stored is { } passed ? passed.Index : _after;
                    continue;
                }

                if (_mayConverge && ChannelTimeline.IsSuccess(row.Engagement) && row.Stored is { Fingerprint: { } stored } mark && !IsChanged(day) &&
                    StepRow.FingerprintOf(_fold.Emitted[^1].Step) == stored)
                {
                    if (mark.Index - _after >= _fold.Emitted.Count - _stretchStart)
                    {
                        regions.Add(Region(mark));
                        _after = mark.Index;
                        _refolding = false;
                        _nextChanged = _changedDays.Where(d => d > day).Cast<DateOnly?>().FirstOrDefault();
                        if (_nextChanged is null || _nextChanged > readThrough)
                        {
                            Reading = null;
                            ResumingFrom = _nextChanged;
                            return;
                        }

                        continue;
                    }

                    // No room left between the kept steps: fold to the end and space the steps out again.
                    _mayConverge = false;
                }
            }

            if (exhausted)
            {
                // A changed day with nothing on or after it left (a retraction at the end) still rewrites the end.
                if (!_refolding)
                {
                    StartStretch();
                }

                _fold.Finish();
                regions.Add(Region(null));
                Reading = null;
                return;
            }

            _chunk = _chunk == ThroughNextSuccess ? SecondChunk : Math.Min(_chunk * 4, MaxChunk);
            Reading = (readThrough.AddDays(1), readThrough, _chunk);
        }

        private bool IsChanged(DateOnly day) => _changedDays.Contains(day);

        private void StartStretch()
        {
            _refolding = true;
            _mayConverge = true;
            _stretchStart = _fold.Emitted.Count;
        }

        private RefoldedRegion Region(StoredMark? convergedOn)
        {
            var emitted = _fold.Emitted.Skip(_stretchStart).ToList();
            var after = _after;
            var positions = convergedOn is { } mark
                ? emitted.Select((_, i) => after + (long)((Int128)(mark.Index - after) * (i + 1) / emitted.Count)).ToArray()
                : emitted.Select((_, i) => after + (Spacing * (i + 1))).ToArray();
            return new RefoldedRegion(Key, after, convergedOn?.Index, convergedOn?.NextFrom, emitted, positions);
        }
    }

    private sealed record ChunkRow(string RelationshipId, Channel Channel, Engagement Engagement, bool Last, StoredMark? Stored);

    private sealed record StoredMark(long Index, long? Fingerprint, DateOnly? NextFrom);

    internal sealed record StoredStep(string RelationshipId, Channel Channel, long Index, DateOnly From, bool Extends, StatusInterval Interval);
}

/// <summary>
/// A stretch of a channel folded again: the steps after position <see cref="After"/> up to <see cref="Through"/> (to
/// the end when null) give way to <see cref="Emitted"/>, at <see cref="Positions"/>; the last of them is followed by
/// the stored step that begins on <see cref="NextFrom"/>. A stretch that ends on a stored step, at
/// <see cref="Through"/>, emits that step last, as it is stored.
/// </summary>
internal sealed record RefoldedRegion(
    ChannelKey Key,
    long After,
    long? Through,
    DateOnly? NextFrom,
    IReadOnlyList<EmittedStep> Emitted,
    IReadOnlyList<long> Positions);
