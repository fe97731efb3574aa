using RelationsTracker.Relationships.Projection;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Relationships;
using Spectre.Console;

namespace RelationsTracker.Dashboard;

public sealed class PlotInput : NetCoreInput
{
    [Description("One country (ISO 3166-1 alpha-3)")]
    public string A { get; set; } = string.Empty;

    [Description("The other country")]
    public string B { get; set; } = string.Empty;

    [Description("The PNG file to write")]
    [FlagAlias("output", 'o')]
    public string? OutputFlag { get; set; }

    [Description("The day the chart marks and the legend tells (YYYY-MM-DD); today by default")]
    [FlagAlias("as-of", true)]
    public string? AsOfFlag { get; set; }
}

/// <summary>relations plot USA CHN -o timeline.png [--as-of DATE]: the relationship's whole timeline as a PNG for reports.</summary>
[Description("The timeline of a relationship (a lane per channel, its statuses as coloured bands, its engagements) as a PNG", Name = "plot")]
public sealed class PlotCommand : JasperFxAsyncCommand<PlotInput>
{
    public PlotCommand()
    {
        Usage("Plot a relationship's timeline").Arguments(x => x.A, x => x.B);
    }

    public override async Task<bool> Execute(PlotInput input)
    {
        var arguments = new QueryArguments(TimeProvider.System);
        var relationshipId = arguments.Pair(input.A, input.B, "a", "b");
        var asOf = arguments.Day(input.AsOfFlag, "--as-of");
        if (string.IsNullOrWhiteSpace(input.OutputFlag))
        {
            arguments.Errors["--output"] = ["Name the PNG file to write, e.g. -o timeline.png."];
        }

        if (!arguments.IsValid)
        {
            return ConsoleStatus.Refuse(arguments);
        }

        using var host = input.BuildHost();
        await StateCatchUp.RunAsync(host.Services, null, CancellationToken.None);
        var today = GetRelationshipEndpoint.DayOf(null, host.Services.GetRequiredService<TimeProvider>());
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var chart = await RelationshipChart.LoadAsync(
            session, relationshipId!, asOf ?? today, today, new ChartPeriod(Whole: true), host.Services.GetRequiredService<ActivityWindows>(), CancellationToken.None);
        if (chart is null)
        {
            return ConsoleStatus.NotFound(relationshipId!);
        }

        TimelinePlot.SavePng(chart, input.OutputFlag!);
        AnsiConsole.MarkupLineInterpolated($"Wrote the timeline of {string.Join("–", chart.Countries)} as of {Html.Day(chart.AsOf)} to {Path.GetFullPath(input.OutputFlag!)}.");
        return true;
    }
}
