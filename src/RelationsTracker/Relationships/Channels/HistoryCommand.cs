using RelationsTracker.Relationships.Projection;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Engagements;
using Spectre.Console;

namespace RelationsTracker.Relationships.Channels;

public sealed class HistoryInput : NetCoreInput
{
    [Description("One country (ISO 3166-1 alpha-3)")]
    public string A { get; set; } = string.Empty;

    [Description("The other country")]
    public string B { get; set; } = string.Empty;

    [Description("military, diplomatic, economic, climate, leaders or legislative")]
    public string Channel { get; set; } = string.Empty;

    [Description("First day (YYYY-MM-DD)")]
    [FlagAlias("from", true)]
    public string? FromFlag { get; set; }

    [Description("Last day (YYYY-MM-DD); today by default")]
    [FlagAlias("to", true)]
    public string? ToFlag { get; set; }
}

/// <summary>relations history USA CHN military [--from DATE] [--to DATE]: the channel's statuses over time, and why.</summary>
[Description("How a channel's status went over time, and why", Name = "history")]
public sealed class HistoryCommand : JasperFxAsyncCommand<HistoryInput>
{
    public HistoryCommand()
    {
        Usage("The history of a channel").Arguments(x => x.A, x => x.B, x => x.Channel);
    }

    public override async Task<bool> Execute(HistoryInput input)
    {
        var arguments = new QueryArguments(TimeProvider.System);
        var relationshipId = arguments.Pair(input.A, input.B, "a", "b");
        var channel = arguments.Word<Channel>(input.Channel, "channel");
        var from = arguments.Day(input.FromFlag, "--from");
        var to = arguments.Day(input.ToFlag, "--to");
        arguments.Period(from, to, "--from");
        if (!arguments.IsValid)
        {
            return ConsoleStatus.Refuse(arguments);
        }

        using var host = input.BuildHost();
        await StateCatchUp.RunAsync(host.Services, null, CancellationToken.None);
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var intervals = await RelationshipQueries.HistoryAsync(
            session,
            relationshipId!,
            channel!.Value,
            from,
            to,
            GetRelationshipEndpoint.DayOf(null, host.Services.GetRequiredService<TimeProvider>()),
            CancellationToken.None);
        if (intervals is null)
        {
            return ConsoleStatus.NotFound(relationshipId!);
        }

        var table = new Table()
            .Title($"{string.Join("–", RelationshipKey.Countries(relationshipId!))}, {QueryArguments.Spelling(channel.Value)} channel")
            .AddColumns("status", "from", "to", "reason");
        foreach (var interval in intervals)
        {
            table.AddRow(
                new Markup(ConsoleStatus.Markup(interval.Status)),
                new Text(interval.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                new Text(interval.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "now"),
                new Text(interval.Reason));
        }

        ConsoleStatus.Write(table);
        return true;
    }
}
