using System.Globalization;
using System.Text;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using ScottPlot;
using static RelationsTracker.Dashboard.Html;

namespace RelationsTracker.Dashboard;

/// <summary>
/// The relationship's timeline as inline SVG: a lane per channel with a coloured band per status interval, a marker
/// per engagement (its shape by kind, a tooltip saying who, what and when, a link to its source; one bar for many
/// engagements too close together to tell apart; hollow on the lanes of the other channels it is a related contact
/// of), the 90-day mean Goldstein line beneath, and a line at the day the page is about, after which what was not yet
/// known that day is faded. Drawn on the server, so the page needs no script or download to show it.
/// </summary>
public static class TimelineSvg
{
    private const double Width = 1200;
    private const double LabelWidth = 130;
    private const double RightPad = 16;
    private const double Top = 22;
    private const double LaneHeight = 46;
    private const double AxisHeight = 26;
    private const double TemperatureHeight = 84;
    private const double MarkerSize = 11;

    /// <summary>
    /// Markers are drawn in columns this wide, one above the other in a column: wider and taller than the widest
    /// marker with its stroke, so that none covers another.
    /// </summary>
    private const double ColumnWidth = 16;
    private const double StackOffset = 14;
    private const int MostStacked = 3;
    private const double NarrowestBand = 3;
    private const double LabelMinWidth = 64;
    private const int MostTicks = 12;

    private static readonly int[] TickMonths = [1, 2, 3, 6, 12, 24, 60, 120];

    private static double PlotWidth => Width - LabelWidth - RightPad;

    public static string Render(RelationshipChart chart, EngagementTablePage table)
    {
        var lanesBottom = Top + (chart.Lanes.Count * LaneHeight);
        var temperatureTop = lanesBottom + AxisHeight;
        var height = temperatureTop + TemperatureHeight + 8;
        double X(DateOnly day) => LabelWidth + ((day.DayNumber - chart.From.DayNumber) / (double)Math.Max(chart.Days, 1) * PlotWidth);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"timeline\" viewBox=\"0 0 {Width} {height:0}\" width=\"100%\" "))
            .Append(Invariant($"data-from=\"{Day(chart.From)}\" data-days=\"{chart.Days}\" data-left=\"{LabelWidth}\" data-plot-width=\"{PlotWidth}\" "))
            .Append("aria-labelledby=\"timeline-title\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, 'DejaVu Sans', sans-serif\">")
            .Append(Invariant($"<title id=\"timeline-title\">Timeline of {Encode(string.Join("–", chart.Countries))}, {Day(chart.From)} to {Day(chart.To)}</title>"));

        Ticks(svg, chart, X, lanesBottom);
        for (var i = 0; i < chart.Lanes.Count; i++)
        {
            Lane(svg, chart.Lanes[i], Top + (i * LaneHeight), chart.To, X);
        }

        // Over the bands after the as-of day, beneath the markers (each faded by itself when not yet known then).
        var veil = Math.Min(X(chart.AsOf.AddDaysWithinCalendar(1)), LabelWidth + PlotWidth);
        svg.Append(Invariant($"<rect id=\"future-veil\" class=\"future\" x=\"{veil:0.#}\" y=\"{Top}\" width=\"{LabelWidth + PlotWidth - veil:0.#}\" height=\"{lanesBottom - Top}\" fill=\"#ffffff\" fill-opacity=\"0.6\" pointer-events=\"none\"/>"));
        Markers(svg, chart, table, X);
        TemperatureLine(svg, chart, X, temperatureTop);

        var asOf = X(chart.AsOf);
        svg.Append(Invariant($"<g id=\"as-of-marker\" transform=\"translate({asOf:0.#},0)\">"))
            .Append(Invariant($"<line x1=\"0\" x2=\"0\" y1=\"{Top - 4}\" y2=\"{temperatureTop + TemperatureHeight}\" stroke=\"{ChartStyle.AsOfInk}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"))
            .Append(Invariant($"<text id=\"as-of-label\" x=\"{AsOfLabelOffset(asOf)}\" y=\"{Top - 8}\" text-anchor=\"{AsOfLabelAnchor(asOf)}\" font-size=\"12\" font-weight=\"bold\" fill=\"{ChartStyle.AsOfInk}\">as of {Day(chart.AsOf)}</text>"))
            .Append("</g></svg>");
        return svg.ToString();
    }

    /// <summary>The as-of label reads away from the nearer edge, so that it is never cut off; dashboard.js does the same.</summary>
    private static string AsOfLabelAnchor(double x) => x > LabelWidth + (PlotWidth / 2) ? "end" : "start";

    private static int AsOfLabelOffset(double x) => AsOfLabelAnchor(x) == "end" ? -4 : 4;

    private static void Ticks(StringBuilder svg, RelationshipChart chart, Func<DateOnly, double> x, double lanesBottom)
    {
        var months = ((chart.To.Year - chart.From.Year) * 12) + chart.To.Month - chart.From.Month + 1;
        var step = TickMonths.FirstOrDefault(m => months / m <= MostTicks, TickMonths[^1]);
        var format = step >= 12 ? "yyyy" : "yyyy-MM";
        var tick = new DateOnly(chart.From.Year, 1, 1);
        while (tick <= chart.To)
        {
            if (tick >= chart.From)
            {
                var at = x(tick);
                svg.Append(Invariant($"<line x1=\"{at:0.#}\" x2=\"{at:0.#}\" y1=\"{Top}\" y2=\"{lanesBottom + 4}\" stroke=\"#9a9a9a\" stroke-width=\"0.6\"/>"))
                    .Append(Invariant($"<text x=\"{at:0.#}\" y=\"{lanesBottom + 18}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">{tick.ToString(format, CultureInfo.InvariantCulture)}</text>"));
            }

            tick = tick.AddMonths(step);
        }
    }

    private static void Lane(StringBuilder svg, ChannelLane lane, double top, DateOnly chartEnd, Func<DateOnly, double> x)
    {
        var name = EngagementDescriptions.Name(lane.Channel);
        svg.Append(Invariant($"<g class=\"lane\" data-channel=\"{name}\">"))
            .Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"{top + 2}\" width=\"{PlotWidth}\" height=\"{LaneHeight - 4}\" fill=\"{ChartStyle.Of(ChannelStatus.Unknown).Fill}\"/>"))
            .Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{top + (LaneHeight / 2) + 4}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">{name}</text>"));
        foreach (var band in Bands(lane.Intervals, chartEnd, x))
        {
            var colours = ChartStyle.Of(band.Status);
            var status = EngagementDescriptions.Name(band.Status);
            var period = $"from {Day(band.From)} to {(band.To is { } to ? Day(to) : "now")}";
            if (band.Intervals.Count == 1)
            {
                svg.Append(Invariant($"<g class=\"band\" data-status=\"{status}\"><title>{name}: {status} {period}. {Encode(band.Intervals[0].Reason)}</title>"));
            }
            else
            {
                var shares = band.Intervals.GroupBy(i => i.Status).Select(g => (Status: g.Key, Days: g.Sum(i => DaysOf(i, chartEnd))))
                    .OrderByDescending(g => g.Days).Select(g => Invariant($"{EngagementDescriptions.Name(g.Status)} {g.Days} days"));
                svg.Append(Invariant($"<g class=\"band\" data-status=\"{status}\" data-intervals=\"{band.Intervals.Count}\"><title>{name}: {band.Intervals.Count} statuses in turn {period}, each too brief to draw apart: {string.Join(", ", shares)}.</title>"));
            }

            svg.Append(Invariant($"<rect x=\"{band.Left:0.#}\" y=\"{top + 2}\" width=\"{Math.Max(band.Right - band.Left, 1):0.#}\" height=\"{LaneHeight - 4}\" fill=\"{colours.Fill}\"/>"));
            if (band.Right - band.Left >= LabelMinWidth)
            {
                // At the band's end: its start is where the deciding engagement's marker sits.
                svg.Append(Invariant($"<text x=\"{band.Right - 5:0.#}\" y=\"{top + (LaneHeight / 2) + 4}\" text-anchor=\"end\" font-size=\"12\" fill=\"{colours.Ink}\">{status}</text>"));
            }

            svg.Append("</g>");
        }

        svg.Append("</g>");
    }

    /// <summary>A band of a lane: one status interval, or a run of intervals too narrow to draw apart, in the colour of the status that held longest in it.</summary>
    private sealed record Band(ChannelStatus Status, DateOnly From, DateOnly? To, double Left, double Right, IReadOnlyList<HistoryInterval> Intervals);

    /// <summary>
    /// The lane's intervals as bands at least <see cref="NarrowestBand"/> wide: on a chart of decades a status that held
    /// for days is under a pixel, and a long relationship had thousands of such bands, each with its tooltip.
    /// </summary>
    private static List<Band> Bands(IReadOnlyList<HistoryInterval> intervals, DateOnly chartEnd, Func<DateOnly, double> x)
    {
        double Right(HistoryInterval interval) => Math.Min(x((interval.To ?? chartEnd).AddDaysWithinCalendar(1)), LabelWidth + PlotWidth);
        var bands = new List<Band>();
        var run = new List<HistoryInterval>();
        void Close()
        {
            if (run.Count > 0)
            {
                var longest = run.GroupBy(i => i.Status).OrderByDescending(g => g.Sum(i => DaysOf(i, chartEnd))).First().Key;
                bands.Add(new Band(longest, run[0].From, run[^1].To, x(run[0].From), Right(run[^1]), [.. run]));
                run.Clear();
            }
        }

        foreach (var interval in intervals)
        {
            if (Right(interval) - x(interval.From) >= NarrowestBand)
            {
                Close();
                run.Add(interval);
                Close();
                continue;
            }

            run.Add(interval);
            if (Right(interval) - x(run[0].From) >= NarrowestBand)
            {
                Close();
            }
        }

        Close();
        return bands;
    }

    private static int DaysOf(HistoryInterval interval, DateOnly chartEnd) => (interval.To ?? chartEnd).DayNumber - interval.From.DayNumber + 1;

    /// <summary>An engagement drawn on a lane: one of the lane's channel, or (<see cref="Related"/>) a related contact of it from another channel.</summary>
    private sealed record LaneMark(Engagement Engagement, int Index, bool Related);

    private static void Markers(StringBuilder svg, RelationshipChart chart, EngagementTablePage table, Func<DateOnly, double> x)
    {
        var lanes = chart.Lanes.Select((lane, index) => (lane.Channel, index)).ToDictionary(l => l.Channel, l => l.index);
        // Engagements a column's width apart or less share a column of their lane: a few are stacked there, more are
        // drawn as one bar, so that the chart stays legible and the page small however long the relationship. Each is
        // drawn at its column's middle (at most half a column from its day), so that no marker covers another.
        var columns = chart.Engagements
            .Select((engagement, index) => (Engagement: engagement, Index: index))
            .Where(e => chart.Charts(e.Engagement))
            .SelectMany(e => lanes.Keys
                .Where(channel => channel == e.Engagement.Channel || RelationshipState.IsRelatedContact(e.Engagement, channel))
                .Select(channel => (Channel: channel, Mark: new LaneMark(e.Engagement, e.Index, channel != e.Engagement.Channel))))
            .GroupBy(m => (m.Channel, Column: (int)((x(m.Mark.Engagement.OccurredOn.Start) - LabelWidth) / ColumnWidth)), m => m.Mark);
        foreach (var column in columns)
        {
            var stacked = column.ToList();
            var cx = LabelWidth + ((column.Key.Column + 0.5) * ColumnWidth);
            var laneMiddle = Top + (lanes[column.Key.Channel] * LaneHeight) + (LaneHeight / 2);
            if (stacked.Count > MostStacked)
            {
                Cluster(svg, chart, column.Key.Channel, stacked, cx, laneMiddle, table);
                continue;
            }

            for (var i = 0; i < stacked.Count; i++)
            {
                Marker(svg, chart, stacked[i], cx, laneMiddle + ((i - ((stacked.Count - 1) / 2.0)) * StackOffset), table, x);
            }
        }
    }

    /// <summary>One engagement's marker, centred on (cx, cy): faded when not yet known on the as-of day, hollow when a related contact.</summary>
    private static void Marker(
        StringBuilder svg, RelationshipChart chart, LaneMark mark, double cx, double cy, EngagementTablePage table, Func<DateOnly, double> x)
    {
        var e = mark.Engagement;
        var href = WebAddress(e.Source?.Url) is { } url ? Encode(url) : RowAddress(chart, table, mark.Index);
        var classes = "marker" + (mark.Related ? " related" : string.Empty) + (e.KnownFrom.Start > chart.AsOf ? " future" : string.Empty);
        svg.Append(Invariant($"<a class=\"{classes}\" href=\"{href}\" data-source-id=\"{Encode(e.SourceId)}\" data-kind=\"{EngagementDescriptions.Name(e.Kind)}\" "))
            .Append(Invariant($"data-known-from=\"{Day(e.KnownFrom.Start)}\" transform=\"translate({cx:0.#},{cy:0.#})\">"))
            .Append("<title>").Append(Encode(mark.Related ? $"Related contact of the channel: {Tooltip(e)}" : Tooltip(e))).Append("</title>");
        if (e.OccurredOn.IsImprecise)
        {
            // The engagement happened somewhere in this period; it counts from its first day.
            var end = Math.Min(x(e.OccurredOn.End.AddDaysWithinCalendar(1)), LabelWidth + PlotWidth) - cx;
            svg.Append(Invariant($"<line x1=\"0\" x2=\"{end:0.#}\" y1=\"0\" y2=\"0\" stroke=\"{ChartStyle.MarkerInk}\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\"/>"));
        }

        svg.Append(Shape(ChartStyle.Shape(e.Kind), 0, 0, MarkerSize, mark.Related)).Append("</a>");
    }

    /// <summary>One marker for many engagements of a lane's column: a bar, taller the more they are, and a tooltip that counts their kinds.</summary>
    private static void Cluster(
        StringBuilder svg, RelationshipChart chart, Channel channel, List<LaneMark> marks, double cx, double cy, EngagementTablePage table)
    {
        var (first, last) = (marks[0].Engagement, marks[^1].Engagement);
        var kinds = marks.GroupBy(m => m.Engagement.Kind).OrderByDescending(k => k.Count()).ThenBy(k => k.Key)
            .Select(k => $"{k.Count()} × {EngagementDescriptions.Name(k.Key)}");
        var related = marks.Count(m => m.Related) is > 0 and var count ? $" ({count} of them related contacts from other channels)" : string.Empty;
        var title = $"{marks.Count} engagements on the {EngagementDescriptions.Name(channel)} channel{related}, {first.OccurredOn} to {last.OccurredOn}: {string.Join(", ", kinds)}";
        var knownFrom = marks.Min(m => m.Engagement.KnownFrom.Start);
        svg.Append(Invariant($"<a class=\"marker cluster{(knownFrom > chart.AsOf ? " future" : string.Empty)}\" href=\"{RowAddress(chart, table, marks[0].Index)}\" data-count=\"{marks.Count}\" data-known-from=\"{Day(knownFrom)}\" transform=\"translate({cx:0.#},{cy:0.#})\">"))
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append(ClusterBar(0, 0, marks.Count)).Append("</a>");
    }

    /// <summary>The bar of <paramref name="count"/> engagements centred on (x, y): its height grows with the count's logarithm, up to the lane's.</summary>
    public static string ClusterBar(double x, double y, int count)
    {
        var height = Math.Min(LaneHeight - 6, 4 + (3 * Math.Log2(count)));
        return Invariant($"<rect x=\"{x - 3.5:0.#}\" y=\"{y - (height / 2):0.#}\" width=\"7\" height=\"{height:0.#}\" rx=\"1.5\" fill=\"{ChartStyle.MarkerInk}\"/>");
    }

    /// <summary>The engagement's row in the table below the chart, on this page or on the page of the table that lists it.</summary>
    public static string RowAddress(RelationshipChart chart, EngagementTablePage table, Engagement engagement)
    {
        for (var index = 0; index < chart.Engagements.Count; index++)
        {
            if (chart.Engagements[index].SourceId == engagement.SourceId)
            {
                return RowAddress(chart, table, index);
            }
        }

        return "#" + EngagementAnchor(engagement);
    }

    private static string RowAddress(RelationshipChart chart, EngagementTablePage table, int index)
    {
        var anchor = "#" + EngagementAnchor(chart.Engagements[index]);
        return table.Shows(index) ? anchor : Encode(RelationshipPage.Address(chart, EngagementTablePage.NumberOf(chart.Engagements.Count, index)) + anchor);
    }

    private static void TemperatureLine(StringBuilder svg, RelationshipChart chart, Func<DateOnly, double> x, double top)
    {
        var scale = Math.Max(2, Math.Ceiling(chart.Temperature.Max(p => Math.Abs(p.MeanGoldstein ?? 0))));
        var middle = top + (TemperatureHeight / 2);
        double Y(double value) => middle - (value / scale * (TemperatureHeight / 2 - 4));

        svg.Append("<g class=\"temperature\">")
            .Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"{top}\" width=\"{PlotWidth}\" height=\"{TemperatureHeight}\" fill=\"#fafafa\" stroke=\"#c8c8c8\"/>"))
            .Append(Invariant($"<line x1=\"{LabelWidth}\" x2=\"{LabelWidth + PlotWidth}\" y1=\"{middle}\" y2=\"{middle}\" stroke=\"#9a9a9a\" stroke-dasharray=\"3 3\"/>"))
            .Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{top + 14}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">+{scale:0}</text>"))
            .Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{middle + 4}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">0</text>"))
            .Append(Invariant($"<text x=\"4\" y=\"{middle - 6}\" font-size=\"12\" fill=\"{ChartStyle.TemperatureInk}\">{TemperatureLabel} mean</text>"))
            .Append(Invariant($"<text x=\"4\" y=\"{middle + 10}\" font-size=\"12\" fill=\"{ChartStyle.TemperatureInk}\">Goldstein</text>"))
            .Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{top + TemperatureHeight - 4}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">−{scale:0}</text>"));

        // A day without coded engagements in its window has no mean: the line breaks there rather than fall to zero.
        var segment = new List<string>();
        foreach (var point in chart.Temperature.Append(new TemperaturePoint(chart.To, null)))
        {
            if (point.MeanGoldstein is { } mean)
            {
                segment.Add(Invariant($"{x(point.Day):0.#},{Y(mean):0.#}"));
                continue;
            }

            if (segment.Count > 0)
            {
                svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{ChartStyle.TemperatureInk}\" stroke-width=\"2\" points=\"{string.Join(' ', segment)}\"/>"));
                segment.Clear();
            }
        }

        svg.Append(Invariant($"<title>{TemperatureLabel} mean Goldstein score over time (−10 hostile to +10 cooperative)</title></g>"));
    }

    private static string TemperatureLabel => $"{RelationshipChart.TemperatureWindowDays}-day";

    /// <summary>"2023-07-12 · meeting (military) — CHN (Xie Feng) met USA (Ely Ratner) … · Source: publisher, url".</summary>
    public static string Tooltip(Engagement e)
    {
        var lines = new List<string>
        {
            $"{e.OccurredOn}{e.OccurredOn.PrecisionNote} · {EngagementDescriptions.Name(e.Kind)} ({EngagementDescriptions.Name(e.Channel)})",
            EngagementDescriptions.Describe(e),
        };
        if (!string.IsNullOrWhiteSpace(e.Summary))
        {
            lines.Add(e.Summary);
        }

        if (e.Source is { } source)
        {
            lines.Add("Source: " + string.Join(", ", new[] { source.Publisher, source.Url }.Where(s => !string.IsNullOrWhiteSpace(s))));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The id of an engagement's row in the list below the chart.</summary>
    public static string EngagementAnchor(Engagement e) => "engagement-" + Uri.EscapeDataString(e.SourceId);

    /// <summary>A marker shape centred on (x, y), as the report plot draws it; <paramref name="hollow"/>: its outline only, dashed.</summary>
    public static string Shape(MarkerShape shape, double x, double y, double size, bool hollow = false)
    {
        var r = size / 2;
        var ink = ChartStyle.MarkerInk;
        var open = Invariant($"fill=\"#ffffff\" stroke=\"{ink}\" stroke-width=\"2\"") + (hollow ? " stroke-dasharray=\"2.5 1.5\"" : string.Empty);
        var filled = hollow ? open : Invariant($"fill=\"{ink}\" stroke=\"#ffffff\" stroke-width=\"1.2\"");
        var line = Invariant($"fill=\"none\" stroke=\"{ink}\" stroke-width=\"2.5\"");
        return shape switch
        {
            MarkerShape.FilledCircle => Invariant($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{r:0.#}\" {filled}/>"),
            MarkerShape.OpenCircle => Invariant($"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{r - 1:0.#}\" {open}/>"),
            MarkerShape.FilledSquare => Invariant($"<rect x=\"{x - r:0.#}\" y=\"{y - r:0.#}\" width=\"{size:0.#}\" height=\"{size:0.#}\" {filled}/>"),
            MarkerShape.OpenSquare => Invariant($"<rect x=\"{x - r + 1:0.#}\" y=\"{y - r + 1:0.#}\" width=\"{size - 2:0.#}\" height=\"{size - 2:0.#}\" {open}/>"),
            MarkerShape.FilledDiamond => Polygon(filled, (x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)),
            MarkerShape.OpenDiamond => Polygon(open, (x, y - r), (x + r, y), (x, y + r), (x - r, y)),
            MarkerShape.FilledTriangleUp => Polygon(filled, (x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)),
            MarkerShape.OpenTriangleUp => Polygon(open, (x, y - r), (x + r, y + r - 1), (x - r, y + r - 1)),
            MarkerShape.FilledTriangleDown => Polygon(filled, (x - r - 1, y - r), (x + r + 1, y - r), (x, y + r + 1)),
            MarkerShape.Eks => Invariant($"<path d=\"M{x - r:0.#},{y - r:0.#}L{x + r:0.#},{y + r:0.#}M{x + r:0.#},{y - r:0.#}L{x - r:0.#},{y + r:0.#}\" {line}/>"),
            MarkerShape.Cross => Invariant($"<path d=\"M{x - r:0.#},{y:0.#}H{x + r:0.#}M{x:0.#},{y - r:0.#}V{y + r:0.#}\" {line}/>"),
            MarkerShape.VerticalBar => Invariant($"<rect x=\"{x - 2:0.#}\" y=\"{y - r - 2:0.#}\" width=\"4\" height=\"{size + 4:0.#}\" fill=\"{ink}\"/>"),
            _ => Invariant($"<path d=\"M{x - r:0.#},{y:0.#}H{x + r:0.#}M{x:0.#},{y - r:0.#}V{y + r:0.#}M{x - r:0.#},{y - r:0.#}L{x + r:0.#},{y + r:0.#}M{x + r:0.#},{y - r:0.#}L{x - r:0.#},{y + r:0.#}\" {line}/>"),
        };
    }

    private static string Polygon(string style, params (double X, double Y)[] corners) =>
        $"<polygon points=\"{string.Join(' ', corners.Select(c => Invariant($"{c.X:0.#},{c.Y:0.#}")))}\" {style}/>";
}
