using RelationsTracker.Relationships.Projection;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Engagements;
using Spectre.Console;

namespace RelationsTracker.Relationships.Listing;

public enum ReplayFormat
{
    Table,
    Json,
    Csv,
}

public sealed class ReplayInput : NetCoreInput
{
    [Description("The day to replay the relationships to (YYYY-MM-DD); today by default")]
    [FlagAlias("to", true)]
    public string? ToFlag { get; set; }

    [Description("Only this relationship, e.g. USA-CHN")]
    [FlagAlias("pair", true)]
    public string? PairFlag { get; set; }

    [Description("Write the json or csv to this file rather than to standard output")]
    [FlagAlias("output", true)]
    public string? OutputFlag { get; set; }

    [Description("table (default), json or csv")]
    [FlagAlias("format", true)]
    public string? FormatFlag { get; set; }
}

/// <summary>
/// relations replay --to DATE [--pair USA-CHN] [--format table|json|csv]: the state of every relationship (or one)
/// as of a day, from the events. The JSON is that of GET /api/relationships; the CSV has one row per channel.
/// </summary>
[Description("The state of every relationship (or one) as of a day", Name = "replay")]
public sealed class ReplayCommand : JasperFxAsyncCommand<ReplayInput>
{
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions { WriteIndented = true });

    public ReplayCommand()
    {
        Usage("Replay the relationships");
    }

    public override async Task<bool> Execute(ReplayInput input)
    {
        var arguments = new QueryArguments(TimeProvider.System);
        var to = arguments.Day(input.ToFlag, "--to");
        var relationshipId = input.PairFlag is null ? null : arguments.Pair(input.PairFlag, "--pair");
        var format = arguments.Word<ReplayFormat>(input.FormatFlag, "--format") ?? ReplayFormat.Table;
        if (!arguments.IsValid)
        {
            return ConsoleStatus.Refuse(arguments);
        }

        using var host = input.BuildHost();
        await StateCatchUp.RunAsync(host.Services, null, CancellationToken.None);
        var asOf = to ?? GetRelationshipEndpoint.DayOf(null, host.Services.GetRequiredService<TimeProvider>());
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var relationships = (await RelationshipQueries.ListAsync(
            session, new RelationshipFilter(Relationship: relationshipId), asOf, ListingPage.All, CancellationToken.None)).Relationships;

        if (format == ReplayFormat.Table)
        {
            WriteTable(asOf, relationships);
            return true;
        }

        // The command line's own start-up notes go to standard output too: a file holds the data alone.
        var output = input.OutputFlag is null ? Console.Out : new StreamWriter(input.OutputFlag);
        try
        {
            if (format == ReplayFormat.Json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(RelationshipList.Of(asOf, ListingPage.All, new RelationshipListing(relationships.Count, relationships)), Json));
            }
            else
            {
                await CsvExport.WriteListingAsync(output, relationships);
            }
        }
        finally
        {
            if (output != Console.Out)
            {
                await output.DisposeAsync();
            }
        }

        return true;
    }

    private static void WriteTable(DateOnly asOf, IReadOnlyList<RelationshipOverview> relationships)
    {
        if (relationships.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"No relationship had an engagement on record by {asOf:yyyy-MM-dd}.");
            return;
        }

        var table = new Table().Title($"Relationships as of {asOf:yyyy-MM-dd}").AddColumn("relationship");
        foreach (var channel in Enum.GetValues<Channel>())
        {
            table.AddColumn(QueryArguments.Spelling(channel));
        }

        foreach (var relationship in relationships)
        {
            var cells = new List<Spectre.Console.Rendering.IRenderable> { new Text(relationship.Relationship) };
            cells.AddRange(relationship.Channels.Select(c => new Markup(
                c.Since is null ? ConsoleStatus.Markup(c.Status) : $"{ConsoleStatus.Markup(c.Status)} {Markup.Escape(c.Since)}")));
            table.AddRow(cells);
        }

        ConsoleStatus.Write(table);
    }
}
