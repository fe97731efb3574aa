using RelationsTracker.Relationships.Projection;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Engagements;
using Spectre.Console;

namespace RelationsTracker.Relationships.Timeline;

public sealed class TimelineInput : NetCoreInput
{
    [Description("One country (ISO 3166-1 alpha-3)")]
    public string A { get; set; } = string.Empty;

    [Description("The other country")]
    public string B { get; set; } = string.Empty;

    [Description("First day (YYYY-MM-DD)")]
    [FlagAlias("from", true)]
    public string? FromFlag { get; set; }

    [Description("Last day (YYYY-MM-DD)")]
    [FlagAlias("to", true)]
    public string? ToFlag { get; set; }

    [Description("Only engagements of this kind (meeting, visit, rebuff, ...)")]
    [FlagAlias("kind", true)]
    public string? KindFlag { get; set; }

    [Description("Only engagements on this channel (military, diplomatic, ...)")]
    [FlagAlias("channel", true)]
    public string? ChannelFlag { get; set; }
}

/// <summary>relations timeline USA CHN [--from DATE] [--to DATE] [--kind K] [--channel C]: the engagements in order.</summary>
[Description("The engagements of a relationship in order of occurrence, with their sources", Name = "timeline")]
public sealed class TimelineCommand : JasperFxAsyncCommand<TimelineInput>
{
    public TimelineCommand()
    {
        Usage("The engagements of a relationship").Arguments(x => x.A, x => x.B);
    }

    public override async Task<bool> Execute(TimelineInput input)
    {
        var arguments = new QueryArguments(TimeProvider.System);
        var relationshipId = arguments.Pair(input.A, input.B, "a", "b");
        var query = new TimelineQuery(
            arguments.Day(input.FromFlag, "--from"),
            arguments.Day(input.ToFlag, "--to"),
            arguments.Word<EngagementKind>(input.KindFlag, "--kind"),
            arguments.Word<Channel>(input.ChannelFlag, "--channel"),
            PageSize: TimelineQuery.MaxPageSize);
        arguments.Period(query.From, query.To, "--from");
        if (!arguments.IsValid)
        {
            return ConsoleStatus.Refuse(arguments);
        }

        using var host = input.BuildHost();
        await StateCatchUp.RunAsync(host.Services, null, CancellationToken.None);
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var table = new Table().AddColumns("date", "kind", "channel", "between", "summary", "source", "sourceId");
        TimelinePage? page;
        var number = 1;
        do
        {
            page = await RelationshipQueries.TimelineAsync(session, relationshipId!, query with { Page = number++ }, CancellationToken.None);
            if (page is null)
            {
                return ConsoleStatus.NotFound(relationshipId!);
            }

            foreach (var engagement in page.Engagements)
            {
                table.AddRow(
                    engagement.KnownFrom.ToString(),
                    QueryArguments.Spelling(engagement.Kind),
                    QueryArguments.Spelling(engagement.Channel),
                    $"{engagement.Initiator.Describe()} → {engagement.Counterpart.Describe()}",
                    engagement.Summary ?? string.Empty,
                    string.Join(" ", new[] { engagement.Source?.Publisher, engagement.Source?.Url }.Where(s => !string.IsNullOrEmpty(s))),
                    engagement.SourceId);
            }
        }
        while (page.Page < page.PageCount);

        table.Title($"{string.Join("–", page.Countries)}: {page.TotalCount} engagements");
        ConsoleStatus.Write(table);
        return true;
    }
}
