using RelationsTracker.Relationships.Projection;
using System.Globalization;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace RelationsTracker.Relationships;

public sealed class StatusInput : NetCoreInput
{
    [Description("One country (ISO 3166-1 alpha-3)")]
    public string A { get; set; } = string.Empty;

    [Description("The other country")]
    public string B { get; set; } = string.Empty;

    [Description("The day to tell the state of (YYYY-MM-DD); today by default")]
    [FlagAlias("as-of", true)]
    public string? AsOfFlag { get; set; }

    [Description("Tell it as the tracker did at this moment (YYYY-MM-DD for the end of that day UTC, or an ISO 8601 timestamp)")]
    [FlagAlias("known-at", true)]
    public string? KnownAtFlag { get; set; }
}

/// <summary>relations status USA CHN [--as-of DATE] [--known-at MOMENT]: each channel's status and why.</summary>
[Description("The state of a relationship: each channel's status, since when and why", Name = "status")]
public sealed class StatusCommand : JasperFxAsyncCommand<StatusInput>
{
    public StatusCommand()
    {
        Usage("The state of a relationship").Arguments(x => x.A, x => x.B);
    }

    public override async Task<bool> Execute(StatusInput input)
    {
        var arguments = new QueryArguments(TimeProvider.System);
        var relationshipId = arguments.Pair(input.A, input.B, "a", "b");
        var asOf = arguments.Day(input.AsOfFlag, "--as-of");
        var knownAt = arguments.KnownAt(input.KnownAtFlag, "--known-at");
        if (!arguments.IsValid)
        {
            return ConsoleStatus.Refuse(arguments);
        }

        using var host = input.BuildHost();
        await StateCatchUp.RunAsync(host.Services, null, CancellationToken.None);
        var clock = host.Services.GetRequiredService<TimeProvider>();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var state = await RelationshipQueries.StateAsync(
            session,
            relationshipId!,
            asOf ?? GetRelationshipEndpoint.DayOf(knownAt, clock),
            knownAt,
            host.Services.GetRequiredService<ActivityWindows>(),
            CancellationToken.None);
        if (state is null && knownAt is { } known)
        {
            var firstRecorded = await RelationshipQueries.FirstRecordedAsync(session, relationshipId!, CancellationToken.None);
            return ConsoleStatus.Refuse(QueryArguments.NothingKnownAtDetail(relationshipId!, known, firstRecorded));
        }

        if (state is null)
        {
            return ConsoleStatus.NotFound(relationshipId!);
        }

        var told = state.KnownAt is { } moment ? $", as known at {moment.ToString("u", CultureInfo.InvariantCulture)}" : string.Empty;
        var table = new Table()
            .Title($"{string.Join("–", state.Countries)} as of {state.AsOf:yyyy-MM-dd}{told}")
            .AddColumns("channel", "status", "since", "reason");
        foreach (var channel in state.Channels)
        {
            var reason = channel.Upcoming is { } upcoming
                ? $"{channel.Reason} Upcoming: {upcoming.Kind.ToString().ToLowerInvariant()} on {upcoming.OccurredOn} [{upcoming.SourceId}]."
                : channel.Reason;
            table.AddRow(
                new Text(QueryArguments.Spelling(channel.Channel)),
                new Markup(ConsoleStatus.Markup(channel.Status)),
                new Text(channel.Since ?? "-"),
                new Text(reason));
        }

        ConsoleStatus.Write(table);
        return true;
    }
}
