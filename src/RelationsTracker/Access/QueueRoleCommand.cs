using JasperFx.CommandLine;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;

namespace RelationsTracker.Access;

public sealed class QueueRoleInput : NetCoreInput
{
    [Description("add")]
    public string Action { get; set; } = "add";

    [Description("The role's name, and the schema of its Wolverine storage")]
    public string Name { get; set; } = string.Empty;
}

/// <summary>
/// <c>relations publishers add NAME</c>, <c>relations subscribers add NAME</c>: a role that meets the tracker at its
/// queues and nothing else, whose connection string is printed once.
/// </summary>
public abstract class QueueRoleCommand : JasperFxAsyncCommand<QueueRoleInput>
{
    protected QueueRoleCommand()
    {
        Usage("Add one").Arguments(x => x.Action, x => x.Name);
    }

    /// <summary>Why a name cannot be the role's, or null when it can.</summary>
    protected abstract string? Refusal(string name);

    /// <summary>Makes the role; returns its connection string.</summary>
    protected abstract Task<string> AddAsync(IHost host, string name);

    /// <summary>What precedes the connection string.</summary>
    protected abstract string Added(string name);

    public override async Task<bool> Execute(QueueRoleInput input)
    {
        if (!string.Equals(input.Action, "add", StringComparison.OrdinalIgnoreCase))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]'{input.Action}' is not an action: use add.[/]");
            return false;
        }

        if (Refusal(input.Name) is { } refusal)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{refusal}[/]");
            return false;
        }

        using var host = input.BuildHost();
        try
        {
            var connectionString = await AddAsync(host, input.Name);
            AnsiConsole.MarkupLineInterpolated($"{Added(input.Name)}");
            Console.WriteLine(connectionString);
            return true;
        }
        catch (PostgresException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]PostgreSQL refused: {e.MessageText}[/]");
            if (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
            {
                AnsiConsole.MarkupLine("[red]The queues' schema and tables are made at the server's first start: start the server once, then try again.[/]");
            }

            return false;
        }
    }
}
