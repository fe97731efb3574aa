using Marten;
using Marten.Services.BatchQuerying;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// Folds again the channels a batch moves, from the earliest day each changed, and only as far as the new steps
/// differ from the stored ones. Past the last changed engagement, a meeting, visit or call leaves the fold in a
/// state made of the step it emits and itself; when that step is the one stored for it, every later step is the
/// stored one too, so the refold stops there, until the next changed day. The engagements after the changes are read a
/// few days at a time, first as far as the next meeting, since most refolds stop there.
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
    /// For each refold (<c>n</c>), its channel's engagements in force from <c>from_day</c> to <c>through_day</c>, then
    /// those of the next days after <c>through_day</c> until at least <c>more</c> more, or when <c>more</c> is 0 until
    /// the first meeting, visit or call (whole days, read along the index by day), each of the latter with the last step
    /// stored as emitted by it; <c>last</c> tells that none is left after them.
    /// </summary>
    internal static readonly string ChunkSql =
        "select json_build_object('refold', k.n, 'engagement', e.data, 'last', n.day is null, " +
        "'stored', case when s.idx is null then null else json_build_object('index', s.idx, 'fingerprint', s.fingerprint, 'nextFrom', s.next_from) end) " +
        "from unnest(?::varchar[], ?::integer[], ?::date[], ?::date[], ?::integer[]) with ordinality as k(relationship_id, channel, from_day, through_day, more, n) " +
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

        // A refold starts on every changed day at once, each from the step stored before its day, and folds its first
        // days up to the next changed day. A channel's refold goes from its earliest changed day; when it meets the
        // stored steps again and the next changed day lies beyond what it read, the refold started on that day takes
        // over where it stopped: a channel changed on days far apart takes a round trip for each stretch that needs
        // more than its first days, not one for each. After the first pass, only the refold each channel has reached
        // reads on.
        var channels = plan.Channels
            .Select(c =>
            {
                var changed = changedOn[c.Key].Order(OccurrenceOrder.Instance).ToList();
                return new ChannelRefolds([.. c.Value.Select((_, day) => new Refold(c.Key, day, c.Value, changed, plan.Changed, windows.For(c.Key.Channel)))]);
            })
            .ToList();
        var reading = channels.SelectMany(channel => channel.All).ToList();
        var resuming = reading;
        while (reading.Count > 0)
        {
            // One round trip a pass: the steps the refolds start from (on the first), and the engagements each reads next.
            var batch = operations.CreateBatchQuery();
            var lastSteps = resuming.Count == 0 ? null : LastStepsBefore(batch, resuming);
            var chunks = Chunks(batch, reading);
            await batch.Execute(cancellation);
            if (lastSteps is not null)
            {
                var startFrom = (await lastSteps).ToDictionary(s => s.Refold);
                for (var i = 0; i < resuming.Count; i++)
                {
                    resuming[i].Resume(startFrom.GetValueOrDefault(i + 1));
                }

                resuming = [];
            }

            var rows = (await chunks).ToLookup(r => r.Refold);
            for (var i = 0; i < reading.Count; i++)
            {
                reading[i].Read([.. rows[i + 1]]);
            }

            reading = [.. channels.Select(channel => channel.FoldReached()).OfType<Refold>()];
        }

        return [.. channels.SelectMany(channel => channel.Regions())];
    }

    /// <summary>
    /// A channel's refolds, one a changed day, and the one the channel's refold has reached: each hands over to the next
    /// on the day that one starts.
    /// </summary>
    private sealed class ChannelRefolds(List<Refold> refolds)
    {
        private readonly Dictionary<DateOnly, Refold> _byStart = refolds.ToDictionary(r => r.Start);
        private Refold _reached = refolds[0];

        public IReadOnlyList<Refold> All => refolds;

        /// <summary>Folds the channel as far as the days read take it; the refold that reads on for it, if any.</summary>
        public Refold? FoldReached()
        {
            while (true)
            {
                _reached.Fold(reached: true);
                if (_reached.Next is not { } next)
                {
                    return _reached.Reading is null ? null : _reached;
                }

                _reached = _byStart[next];
            }
        }

        /// <summary>The stretches the channel's refold went through, in order.</summary>
        public IEnumerable<RefoldedRegion> Regions()
        {
            for (Refold? refold = refolds[0]; refold is not null; refold = refold.Next is { } next ? _byStart[next] : null)
            {
                foreach (var region in refold.Regions)
                {
                    yield return region;
                }
            }
        }
    }

    /// <summary>The last step emitted by the engagements before the day each refold starts on.</summary>
    private static Task<IReadOnlyList<StoredStep>> LastStepsBefore(IBatchedQuery batch, IReadOnlyCollection<Refold> refolds) =>
        batch.Query<StoredStep>(
            "select json_build_object('refold', k.n, 'index', s.idx, " +
            $"'from', s.from_day, 'extends', s.extends, 'interval', {ProjectedTables.IntervalJson("s")}) " +
            "from unnest(?::varchar[], ?::integer[], ?::date[]) with ordinality as k(relationship_id, channel, day, n) " +
            $"cross join lateral (select * from {ProjectedTables.StepTable} s " +
            "where s.relationship_id = k.relationship_id and s.channel = k.channel and s.emitted_on < k.day " +
            "order by s.emitted_on desc, s.idx desc limit 1) s",
            refolds.Select(r => r.Key.RelationshipId).ToArray(),
            refolds.Select(r => (int)r.Key.Channel).ToArray(),
            refolds.Select(r => r.Start).ToArray());

    private static Task<IReadOnlyList<ChunkRow>> Chunks(IBatchedQuery batch, IReadOnlyCollection<Refold> refolds) =>
        batch.Query<ChunkRow>(
            ChunkSql,
            refolds.Select(r => r.Key.RelationshipId).ToArray(),
            refolds.Select(r => (int)r.Key.Channel).ToArray(),
            refolds.Select(r => r.Reading!.Value.From).ToArray(),
            refolds.Select(r => r.Reading!.Value.Through).ToArray(),
            refolds.Select(r => r.Reading!.Value.After).ToArray());

    /// <summary>
    /// A channel being folded again from one of its changed days, stretch by stretch: a stretch starts at a changed day
    /// and ends where the fold meets the stored steps again on a day nothing changed, or at the channel's end. Between
    /// stretches the fold passes over the stored engagements already read without writing, as it emits the stored steps
    /// there, to start the next stretch from the state the stored steps hold; when the next changed day lies beyond
    /// them, the refold that starts on that day takes over (<see cref="Next"/>), so that the days between are never read.
    /// Until the channel's refold reaches it, a refold folds no further than the next changed day.
    /// </summary>
    private sealed class Refold
    {
        private readonly IReadOnlyList<DateOnly> _changedDays;
        private readonly IReadOnlyList<Engagement> _changed;
        private readonly IReadOnlySet<string> _changedIds;
        private readonly int _windowDays;
        private readonly DateOnly? _waitsAt;
        private readonly List<RefoldedRegion> _regions = [];
        private int _nextChange;
        private List<(Engagement Engagement, StoredMark? Stored)> _unfolded = [];
        private int _folded;
        private bool _readToEnd;
        private bool _done;
        private DateOnly _readThrough;
        private ChannelFold _fold = null!;
        private long _after;
        private int _stretchStart;
        private bool _refolding = true;
        private DateOnly? _nextChanged;
        private bool _mayConverge = true;
        private int _chunk = ThroughNextSuccess;

        /// <param name="day">Which of the channel's <paramref name="changedDays"/>, in order, the refold starts on.</param>
        public Refold(
            ChannelKey key, int day, IReadOnlyList<DateOnly> changedDays, IReadOnlyList<Engagement> changed, IReadOnlySet<string> changedIds, int windowDays)
        {
            Key = key;
            Start = changedDays[day];
            _changedDays = changedDays;
            _changed = changed;
            _nextChange = changed.TakeWhile(e => e.KnownFrom.Start < Start).Count();
            _changedIds = changedIds;
            _windowDays = windowDays;
            _waitsAt = day + 1 < changedDays.Count ? changedDays[day + 1] : null;
            Reading = (Start, Start, _chunk);
        }

        public ChannelKey Key { get; }

        /// <summary>The changed day the refold starts on.</summary>
        public DateOnly Start { get; }

        /// <summary>The engagements to read next: all of days <c>From</c> to <c>Through</c>, and whole days after them until at least <c>After</c> more.</summary>
        public (DateOnly From, DateOnly Through, int After)? Reading { get; private set; }

        /// <summary>Once the refold has handed over, the changed day the refold that takes over starts on.</summary>
        public DateOnly? Next { get; private set; }

        /// <summary>The stretches folded, as the steps that replace the stored ones.</summary>
        public IReadOnlyList<RefoldedRegion> Regions => _regions;

        public void Resume(StoredStep? last)
        {
            _fold = ChannelFold.Resume(Key.Channel, _windowDays, last is null ? null : new StatusStep(last.From, last.Interval, last.Extends));
            _after = last?.Index ?? 0;
        }

        /// <summary>
        /// Takes the days read, with the batch's changed engagements among them, and folds them as far as it may yet:
        /// to the next changed day, until the channel's refold reaches this one.
        /// </summary>
        public void Read(IReadOnlyList<ChunkRow> rows)
        {
            _readToEnd = rows.Count == 0 || rows[0].Last;
            _readThrough = _readToEnd ? DateOnly.MaxValue : rows.Max(r => r.Engagement.KnownFrom.Start);
            // A refold reads again only once it has folded all it read before.
            _unfolded = [.. rows
                .Where(r => !_changedIds.Contains(r.Engagement.SourceId))
                .Select(r => (r.Engagement, r.Stored))
                .OrderBy(r => r.Engagement, OccurrenceOrder.Instance)];
            _folded = 0;
            Reading = null;
            Fold(reached: false);
        }

        /// <summary>
        /// Folds the days read: a stretch from a changed day until the fold meets the stored steps on a day nothing
        /// changed, then over the stored steps to the next changed day. <paramref name="reached"/>: the channel's
        /// refold has reached this one, which may then fold past the next changed day.
        /// </summary>
        public void Fold(bool reached)
        {
            if (Reading is not null || _done)
            {
                return;
            }

            while (NextToFold() is { } next)
            {
                var (engagement, stored, changed) = next;
                var day = engagement.KnownFrom.Start;
                if (!_refolding && day >= _nextChanged)
                {
                    StartStretch();
                }

                if (!reached && day >= _waitsAt)
                {
                    return;
                }

                _nextChange += changed ? 1 : 0;
                _folded += changed ? 0 : 1;

                var emitted = _fold.Emitted.Count;
                _fold.Add(engagement);
                if (!_refolding)
                {
                    // Passing over stored steps: the fold emits them again, where they are stored.
                    _after = _fold.Emitted.Count > emitted && stored is { } passed ? passed.Index : _after;
                    continue;
                }

                if (_mayConverge && ChannelTimeline.IsSuccess(engagement) && stored is { Fingerprint: { } fingerprint } mark && !IsChanged(day) &&
                    StepRow.FingerprintOf(_fold.Emitted[^1].Step) == fingerprint)
                {
                    if (mark.Index - _after >= _fold.Emitted.Count - _stretchStart)
                    {
                        _regions.Add(Region(mark));
                        _after = mark.Index;
                        _refolding = false;
                        _nextChanged = _changedDays.Where(d => d > day).Cast<DateOnly?>().FirstOrDefault();
                        if (_nextChanged is null || _nextChanged > _readThrough)
                        {
                            Next = _nextChanged;
                            _done = true;
                            return;
                        }

                        continue;
                    }

                    // No room left between the kept steps: fold to the end and space the steps out again.
                    _mayConverge = false;
                }
            }

            if (_readToEnd)
            {
                if (!reached && _waitsAt is not null)
                {
                    return;
                }

                // A changed day with nothing on or after it left (a retraction at the end) still rewrites the end.
                if (!_refolding)
                {
                    StartStretch();
                }

                _fold.Finish();
                _regions.Add(Region(null));
                _done = true;
                return;
            }

            _chunk = _chunk == ThroughNextSuccess ? SecondChunk : Math.Min(_chunk * 4, MaxChunk);
            Reading = (_readThrough.AddDays(1), _readThrough, _chunk);
        }

        /// <summary>The next engagement in fold order, of the days read or the batch's changed ones among them.</summary>
        private (Engagement Engagement, StoredMark? Stored, bool Changed)? NextToFold()
        {
            var changed = _nextChange < _changed.Count && _changed[_nextChange].KnownFrom.Start <= _readThrough ? _changed[_nextChange] : null;
            if (_folded < _unfolded.Count && (changed is null || OccurrenceOrder.Instance.Compare(_unfolded[_folded].Engagement, changed) < 0))
            {
                return (_unfolded[_folded].Engagement, _unfolded[_folded].Stored, false);
            }

            return changed is null ? null : (changed, null, true);
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

    private sealed record ChunkRow(int Refold, Engagement Engagement, bool Last, StoredMark? Stored);

    private sealed record StoredMark(long Index, long? Fingerprint, DateOnly? NextFrom);

    private sealed record StoredStep(int Refold, long Index, DateOnly From, bool Extends, StatusInterval Interval);
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
