using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Listing;

namespace RelationsTracker.Relationships;

/// <summary>
/// A relationship's engagements arranged once so that its state on any date is a lookup: each channel's status
/// steps, the engagements each channel lists, sorted by the day they are known from, and running totals of the
/// temperature. <see cref="At"/> gives exactly what <see cref="RelationshipState.Evaluate"/> gives, in
/// O(log n) instead of O(n).
/// </summary>
public sealed class RelationshipChronology
{
    private readonly string _relationshipId;
    private readonly IReadOnlyList<string> _countries;
    private readonly DateOnly _firstKnown;
    private readonly Dictionary<Channel, ChannelChronology> _channels;
    private readonly TemperatureTotals _temperature;

    private RelationshipChronology(string relationshipId, IReadOnlyList<Engagement> engagements, ActivityWindows windows)
    {
        _relationshipId = relationshipId;
        _countries = RelationshipKey.Countries(relationshipId);
        _firstKnown = engagements[0].KnownFrom.Start;
        _channels = Enum.GetValues<Channel>().ToDictionary(c => c, c => new ChannelChronology(engagements, c, windows.For(c)));
        _temperature = new TemperatureTotals(engagements);
    }

    /// <summary>
    /// Arranges <paramref name="engagements"/> (in <see cref="OccurrenceOrder"/>), or null when there are none.
    /// </summary>
    public static RelationshipChronology? Of(string relationshipId, IReadOnlyList<Engagement> engagements, ActivityWindows windows) =>
        engagements.Count == 0 ? null : new RelationshipChronology(relationshipId, engagements, windows);

    /// <summary>True when an engagement of the relationship is known by <paramref name="asOf"/>.</summary>
    public bool IsKnownBy(DateOnly asOf) => _firstKnown <= asOf;

    /// <summary>The state on <paramref name="asOf"/>, as <see cref="RelationshipState.Evaluate"/> defines it.</summary>
    public RelationshipState At(DateOnly asOf) =>
        new(_countries, asOf, Enum.GetValues<Channel>().Select(c => _channels[c].At(asOf)).ToList(), _temperature.At(asOf));

    /// <summary>The temperature on <paramref name="asOf"/> alone: what <see cref="At"/> gives with it.</summary>
    public Temperature TemperatureAt(DateOnly asOf) => _temperature.At(asOf);

    /// <summary>Each channel's status and since when on <paramref name="asOf"/>, without the reasons.</summary>
    public RelationshipOverview OverviewAt(DateOnly asOf) =>
        new(_relationshipId, _countries, Enum.GetValues<Channel>().Select(c => _channels[c].SummaryAt(asOf)).ToList());

    /// <summary>One channel's steps and the engagements it lists, each sorted by the day they are known from.</summary>
    private sealed class ChannelChronology
    {
        private readonly Channel _channel;
        private readonly Sorted<StatusStep> _steps;
        private readonly Sorted<Engagement> _lastCandidates;
        private readonly Sorted<Engagement> _relatedContacts;
        private readonly Sorted<Engagement> _evidence;

        // Plans in order of their own date, where the first known and not yet over is the upcoming one.
        private readonly Sorted<Engagement> _plans;

        public ChannelChronology(IReadOnlyList<Engagement> engagements, Channel channel, int windowDays)
        {
            _channel = channel;
            var onChannel = engagements.Where(e => e.Channel == channel).ToList();
            _steps = new Sorted<StatusStep>(ChannelTimeline.Steps(onChannel, channel, windowDays), s => s.From);
            _lastCandidates = Sorted<Engagement>.ByKnownFrom(onChannel.Where(e => e.Kind != EngagementKind.Planned));
            _relatedContacts = Sorted<Engagement>.ByKnownFrom(engagements.Where(e => RelationshipState.IsRelatedContact(e, channel)));
            _evidence = Sorted<Engagement>.ByKnownFrom(onChannel.Where(RelationshipState.IsEvidence));
            _plans = new Sorted<Engagement>(
                onChannel.Where(e => e.Kind == EngagementKind.Planned).OrderBy(e => e.OccurredOn).ToList(), e => e.OccurredOn.Start);
        }

        public ChannelState At(DateOnly asOf)
        {
            var recentFrom = asOf.AddDays(-RelationshipState.RecentDays);
            return ChannelState.Of(
                _channel,
                StatusAt(asOf),
                _lastCandidates.LastKnownBy(asOf),
                _relatedContacts.LatestKnownBy(asOf, recentFrom, RelationshipState.MaxListed),
                _evidence.LatestKnownBy(asOf, recentFrom, RelationshipState.MaxListed),
                // A plan dated to a year at most ends 365 days after its start.
                _plans.From(asOf.AddDays(-366)).FirstOrDefault(e => e.KnownFrom.Start <= asOf && RelationshipState.IsUpcoming(e, asOf)));
        }

        public ChannelSummary SummaryAt(DateOnly asOf)
        {
            var status = StatusAt(asOf);
            return new ChannelSummary(_channel, status.Status, status.Status == ChannelStatus.Unknown ? null : status.Since.ToString());
        }

        private StatusInterval StatusAt(DateOnly asOf) =>
            _steps.LastKnownBy(asOf)?.Status ?? ChannelTimeline.Unknown(_channel, asOf);
    }

    /// <summary>Items sorted by a day, searched by halving.</summary>
    private sealed class Sorted<T>(IReadOnlyList<T> items, Func<T, DateOnly> dayOf)
        where T : class
    {
        private readonly int[] _days = items.Select(i => dayOf(i).DayNumber).ToArray();

        public static Sorted<Engagement> ByKnownFrom(IEnumerable<Engagement> engagements) =>
            new(engagements.ToList(), e => e.KnownFrom.Start);

        /// <summary>How many items fall on or before <paramref name="day"/>.</summary>
        public int CountBy(DateOnly day) => CountBefore(_days, day.DayNumber + 1);

        /// <summary>The items on or after <paramref name="day"/>, in order.</summary>
        public IEnumerable<T> From(DateOnly day) => items.Skip(CountBefore(_days, day.DayNumber));

        public T? LastKnownBy(DateOnly day) => CountBy(day) is var count and > 0 ? items[count - 1] : null;

        /// <summary>The latest items on or before <paramref name="day"/> and after <paramref name="after"/>, latest first.</summary>
        public IReadOnlyList<T> LatestKnownBy(DateOnly day, DateOnly after, int max)
        {
            var latest = new List<T>(max);
            for (var index = CountBy(day) - 1; index >= 0 && latest.Count < max && _days[index] > after.DayNumber; index--)
            {
                latest.Add(items[index]);
            }

            return latest;
        }
    }

    /// <summary>Running totals of the coded engagements, so that a temperature window is a difference of two.</summary>
    private sealed class TemperatureTotals
    {
        private readonly int[] _days;
        private readonly decimal[] _goldstein;
        private readonly int[][] _byQuadClass;

        public TemperatureTotals(IReadOnlyList<Engagement> engagements)
        {
            var coded = engagements.Where(e => e.Coding is not null).ToList();
            _days = coded.Select(e => e.KnownFrom.Start.DayNumber).ToArray();
            _goldstein = new decimal[coded.Count + 1];
            _byQuadClass = Enum.GetValues<QuadClass>().Select(_ => new int[coded.Count + 1]).ToArray();
            for (var index = 0; index < coded.Count; index++)
            {
                var coding = coded[index].Coding!;
                _goldstein[index + 1] = _goldstein[index] + (decimal)coding.Goldstein;
                for (var quad = 0; quad < _byQuadClass.Length; quad++)
                {
                    _byQuadClass[quad][index + 1] = _byQuadClass[quad][index] + ((int)coding.QuadClass == quad + 1 ? 1 : 0);
                }
            }
        }

        public Temperature At(DateOnly asOf) => new(Temperature.WindowDays.Select(days => Window(asOf, days)).ToList());

        private TemperatureWindow Window(DateOnly asOf, int days)
        {
            var from = asOf.AddDays(1 - days);
            var first = CountBefore(_days, from.DayNumber);
            var end = CountBefore(_days, asOf.DayNumber + 1);
            int Count(QuadClass quad) => _byQuadClass[(int)quad - 1][end] - _byQuadClass[(int)quad - 1][first];
            return TemperatureWindow.Of(
                days,
                from,
                asOf,
                _goldstein[end] - _goldstein[first],
                new QuadClassCounts(
                    Count(QuadClass.VerbalCooperation),
                    Count(QuadClass.MaterialCooperation),
                    Count(QuadClass.VerbalConflict),
                    Count(QuadClass.MaterialConflict)));
        }
    }

    /// <summary>How many of the ascending <paramref name="days"/> are before <paramref name="day"/>.</summary>
    private static int CountBefore(int[] days, int day)
    {
        int low = 0, high = days.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (days[middle] < day)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
