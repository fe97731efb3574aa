using System.Globalization;
using RelationsTracker.Engagements;
using ScottPlot;

namespace RelationsTracker.Dashboard;

/// <summary>
/// The relationship's timeline as a picture for reports (ScottPlot): the same lanes, coloured bands, markers,
/// temperature line and as-of line as the dashboard's chart, from the same <see cref="RelationshipChart"/>.
/// </summary>
public static class TimelinePlot
{
    public const int Width = 1600;
    public const int Height = 720;

    private const double BandHeight = 0.8;
    private const double TemperatureTop = -0.2;
    private const double TemperatureHeight = 1.4;
    private const float MarkerSize = 11;

    public static void SavePng(RelationshipChart chart, string path)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var lanes = chart.Lanes.Count;
        var end = X(chart.To.AddDaysWithinCalendar(1));

        // Military on top, as in the browser: lane i is drawn from y = lanes - 1 - i.
        double Bottom(int lane) => lanes - 1 - lane + ((1 - BandHeight) / 2);
        for (var i = 0; i < lanes; i++)
        {
            Band(plot, X(chart.From), end, Bottom(i), ChartStyle.Of(ChannelStatus.Unknown).Fill);
            foreach (var interval in chart.Lanes[i].Intervals)
            {
                var right = Math.Min(X((interval.To ?? chart.To).AddDaysWithinCalendar(1)), end);
                var colours = ChartStyle.Of(interval.Status);
                Band(plot, X(interval.From), right, Bottom(i), colours.Fill);
                var label = plot.Add.Text(EngagementDescriptions.Name(interval.Status), right - 0.5, Bottom(i) + (BandHeight / 2));
                label.LabelFontColor = Color.FromHex(colours.Ink);
                label.LabelFontSize = 13;
                label.LabelAlignment = Alignment.MiddleRight;
            }
        }

        var laneOf = chart.Lanes.Select((lane, index) => (lane.Channel, index)).ToDictionary(l => l.Channel, l => l.index);
        foreach (var sameDay in chart.Engagements.GroupBy(e => (e.Channel, e.OccurredOn.Start)))
        {
            var stacked = sameDay.ToList();
            for (var i = 0; i < stacked.Count; i++)
            {
                var e = stacked[i];
                var y = Bottom(laneOf[e.Channel]) + (BandHeight / 2) + ((i - ((stacked.Count - 1) / 2.0)) * 0.22);
                if (e.OccurredOn.IsImprecise)
                {
                    var period = plot.Add.Line(X(e.OccurredOn.Start), y, X(e.OccurredOn.End.AddDaysWithinCalendar(1)), y);
                    period.Color = Color.FromHex(ChartStyle.MarkerInk);
                    period.LinePattern = LinePattern.Dotted;
                    period.LineWidth = 1.5f;
                }

                var marker = plot.Add.Marker(X(e.OccurredOn.Start), y, ChartStyle.Shape(e.Kind), MarkerSize, Color.FromHex(ChartStyle.MarkerInk));
                marker.MarkerStyle.LineWidth = 2;
            }
        }

        Temperature(plot, chart);

        var asOf = plot.Add.VerticalLine(X(chart.AsOf), 2, Color.FromHex(ChartStyle.AsOfInk));
        asOf.LinePattern = LinePattern.Dashed;

        var ticks = chart.Lanes.Select((lane, i) => new Tick(Bottom(i) + (BandHeight / 2), EngagementDescriptions.Name(lane.Channel)))
            .Append(new Tick(TemperatureTop - (TemperatureHeight / 2), $"{RelationshipChart.TemperatureWindowDays}-day mean Goldstein"))
            .ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        var dates = plot.Axes.DateTimeTicksBottom();
        dates.TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic { LabelFormatter = day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        plot.Axes.SetLimits(X(chart.From), end, TemperatureTop - TemperatureHeight - 0.1, lanes + 0.1);
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.Title($"{Layout.Names(chart.Countries)}: channels as of {Html.Day(chart.AsOf)}");
        plot.Legend.ManualItems.AddRange(Legend(chart.AsOf));
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    private static void Temperature(Plot plot, RelationshipChart chart)
    {
        var scale = Math.Max(2, Math.Ceiling(chart.Temperature.Max(p => Math.Abs(p.MeanGoldstein ?? 0))));
        var middle = TemperatureTop - (TemperatureHeight / 2);
        var zero = plot.Add.Line(X(chart.From), middle, X(chart.To.AddDaysWithinCalendar(1)), middle);
        zero.Color = Colors.Gray;
        zero.LinePattern = LinePattern.Dashed;

        // A day without coded engagements in its window has no mean: the line breaks there rather than fall to zero.
        var segment = new List<Coordinates>();
        foreach (var point in chart.Temperature.Append(new TemperaturePoint(chart.To, null)))
        {
            if (point.MeanGoldstein is { } mean)
            {
                segment.Add(new Coordinates(X(point.Day), middle + (mean / scale * (TemperatureHeight / 2 - 0.05))));
                continue;
            }

            if (segment.Count > 0)
            {
                var line = plot.Add.ScatterLine(segment.ToArray());
                line.Color = Color.FromHex(ChartStyle.TemperatureInk);
                line.LineWidth = 2;
                segment = [];
            }
        }

        var range = plot.Add.Text($"±{scale:0}", X(chart.From), TemperatureTop);
        range.LabelFontSize = 11;
        range.LabelAlignment = Alignment.UpperLeft;
    }

    private static void Band(Plot plot, double left, double right, double bottom, string fill)
    {
        var band = plot.Add.Rectangle(left, right, bottom, bottom + BandHeight);
        band.FillStyle.Color = Color.FromHex(fill);
        band.LineStyle.Width = 0;
    }

    private static List<LegendItem> Legend(DateOnly asOf) =>
        ChartStyle.BandStatuses
            .Select(status => new LegendItem
            {
                LabelText = EngagementDescriptions.Name(status),
                FillColor = Color.FromHex(ChartStyle.Of(status).Fill),
                OutlineColor = Color.FromHex(ChartStyle.Of(status).Ink),
            })
            .Concat(ChartStyle.ChartedKinds.Select(kind => new LegendItem
            {
                LabelText = EngagementDescriptions.Name(kind),
                MarkerShape = ChartStyle.Shape(kind),
                MarkerColor = Color.FromHex(ChartStyle.MarkerInk),
                MarkerSize = MarkerSize,
            }))
            .Append(new LegendItem { LabelText = "temperature", LineColor = Color.FromHex(ChartStyle.TemperatureInk), LineWidth = 2 })
            .Append(new LegendItem
            {
                LabelText = $"as of {Html.Day(asOf)}",
                LineColor = Color.FromHex(ChartStyle.AsOfInk),
                LineWidth = 2,
                LinePattern = LinePattern.Dashed,
            })
            .ToList();

    private static double X(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).ToOADate();
}
