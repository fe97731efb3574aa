using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace RelationsTracker.Engagements.Submitting;

public sealed class PublishersInput : NetCoreInput
{
    [Description("add")]
    public string Action { get; set; } = "add";

    [Description("The publisher's name: its PostgreSQL role and the schema of its outbox")]
    public string Name { get; set; } = string.Empty;
}

/// <summary>relations publishers add NAME: a PostgreSQL role that may publish to the queue and nothing else.</summary>
[Description("Add a PostgreSQL role that can publish to the engagements queue and cannot read or change the event store", Name = "publishers")]
public sealed class PublishersCommand : JasperFxAsyncCommand<PublishersInput>
{
    public PublishersCommand()
    {
        Usage("Add one").Arguments(x => x.Action, x => x.Name);
    }

    public override async Task<bool> Execute(PublishersInput input)
    {
        if (!string.Equals(input.Action, "add", StringComparison.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]'{input.Action}' is not an action: use add.[/]");
            return false;
        }

        if (PublisherRoles.Refusal(input.Name) is { } refusal)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{refusal}[/]");
            return false;
        }

        using var host = input.BuildHost();
        try
        {
            var connectionString = await PublisherRoles.AddAsync(host.Services.GetRequiredService<TrackerDatabase>(), input.Name, CancellationToken.None);
            AnsiConsole.MarkupLineInterpolated($"Publisher '{input.Name}': its connection string, shown only this once (its outbox schema is '{input.Name}'):");
            Console.WriteLine(connectionString);
            return true;
        }
        catch (PostgresException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]PostgreSQL refused: {e.MessageText}[/]");
            if (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                AnsiConsole.MarkupLine("[red]The queue's tables are made at the server's first start: start the server once, then try again.[/]");
            }

            return false;
        }
    }
}
