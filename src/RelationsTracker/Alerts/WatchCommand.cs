using System.Globalization;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Wolverine.Runtime;

namespace RelationsTracker.Alerts;

public sealed class WatchInput : NetCoreInput
{
    [Description("add, list or remove")]
    public string Action { get; set; } = "list";

    [Description("The watch's id (for remove)")]
    public string Id { get; set; } = string.Empty;

    [Description("Two ISO codes in either order, e.g. USA-CHN")]
    [FlagAlias("relationship")]
    public string? RelationshipFlag { get; set; }

    [Description("An ISO code: every relationship of that country")]
    [FlagAlias("country")]
    public string? CountryFlag { get; set; }

    [Description("Channels, comma-separated, e.g. military,diplomatic")]
    [FlagAlias("channels")]
    public string? ChannelsFlag { get; set; }

    [Description("Statuses a change must lead to, comma-separated, e.g. stalled,suspended")]
    [FlagAlias("statuses")]
    public string? StatusesFlag { get; set; }

    [Description("The webhook's URL")]
    [FlagAlias("url")]
    public string? UrlFlag { get; set; }

    [Description("The secret the webhook's signature is computed with")]
    [FlagAlias("secret")]
    public string? SecretFlag { get; set; }

    [Description("A PostgreSQL queue of the subscriber's naming, e.g. my_analytics")]
    [FlagAlias("queue")]
    public string? QueueFlag { get; set; }
}

/// <summary>relations watch [list | add (--url URL --secret SECRET | --queue NAME) [selection] | remove ID]: the watches and where they deliver.</summary>
[Description("List, add or remove watches: webhooks and queues told of channel changes", Name = "watch")]
public sealed class WatchCommand : JasperFxAsyncCommand<WatchInput>
{
    public WatchCommand()
    {
        Usage("List them");
        Usage("List or add (watch add --url ... --secret ... and/or --queue ...)").Arguments(x => x.Action);
        Usage("Remove one").Arguments(x => x.Action, x => x.Id);
    }

    public override async Task<bool> Execute(WatchInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        switch (input.Action.ToLowerInvariant())
        {
            case "add":
                return await AddAsync(session, host.Services.GetRequiredService<IWolverineRuntime>(), input, host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            case "remove" when Guid.TryParse(input.Id, out var id):
                if (await Watches.RemoveAsync(session, id, CancellationToken.None))
                {
                    AnsiConsole.MarkupLineInterpolated($"Removed: {id}");
                    return true;
                }

                AnsiConsole.MarkupLineInterpolated($"[red]No watch {id}.[/]");
                return false;
            case "remove":
                AnsiConsole.MarkupLineInterpolated($"[red]'{input.Id}' is not a watch's id.[/]");
                return false;
            case "list":
                List(await Watches.ListAsync(session, CancellationToken.None));
                return true;
            default:
                AnsiConsole.MarkupLineInterpolated($"[red]'{input.Action}' is not an action: use list, add or remove.[/]");
                return false;
        }
    }

    private static async Task<bool> AddAsync(IDocumentSession session, IWolverineRuntime runtime, WatchInput input, DateTimeOffset now)
    {
        var request = new WatchRequest
        {
            Relationship = input.RelationshipFlag,
            Country = input.CountryFlag,
            Channels = Words(input.ChannelsFlag),
            Statuses = Words(input.StatusesFlag),
            // Either flag asks for a webhook, so that one without the other is named as missing.
            Webhook = input.UrlFlag is null && input.SecretFlag is null ? null : new WebhookRequest { Url = input.UrlFlag, Secret = input.SecretFlag },
            Queue = input.QueueFlag,
        };
        var (watch, problems) = await Watches.AddAsync(session, runtime, request, now, CancellationToken.None);
        if (watch is null)
        {
            foreach (var (field, messages) in problems)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{field}: {string.Join(" ", messages)}[/]");
            }

            return false;
        }

        AnsiConsole.MarkupLineInterpolated($"Added watch {watch.Id}");
        return true;
    }

    private static string[]? Words(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void List(IReadOnlyList<WatchView> watches)
    {
        var table = new Table().AddColumns("id", "relationship", "country", "channels", "statuses", "to", "created");
        foreach (var watch in watches)
        {
            table.AddRow(
                watch.Id.ToString(),
                watch.Relationship ?? "any",
                watch.Country ?? "any",
                watch.Channels.Count == 0 ? "any" : string.Join(",", watch.Channels),
                watch.Statuses.Count == 0 ? "any" : string.Join(",", watch.Statuses),
                Markup.Escape(string.Join("\n", new[] { watch.Webhook?.Url, watch.Queue is null ? null : $"queue {watch.Queue}" }.OfType<string>())),
                watch.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }
}
