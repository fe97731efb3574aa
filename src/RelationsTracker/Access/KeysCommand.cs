using System.Globalization;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace RelationsTracker.Access;

public enum KeysAction
{
    List,
    Add,
    Revoke,
}

public sealed class KeysInput : NetCoreInput
{
    [Description("list, add or revoke")]
    public string Action { get; set; } = "list";

    [Description("The key's name (for add and revoke)")]
    public string Name { get; set; } = string.Empty;

    [Description("The new key's role: reader, writer or admin")]
    [FlagAlias("role", 'r')]
    public string RoleFlag { get; set; } = AccessRoles.Reader;
}

/// <summary>relations keys [list | add NAME --role ROLE | revoke NAME]: the API keys.</summary>
[Description("List, add or revoke API keys", Name = "keys")]
public sealed class KeysCommand : JasperFxAsyncCommand<KeysInput>
{
    public KeysCommand()
    {
        Usage("List them");
        Usage("List them (keys list)").Arguments(x => x.Action);
        Usage("Add or revoke one").Arguments(x => x.Action, x => x.Name);
    }

    public override async Task<bool> Execute(KeysInput input)
    {
        if (!Enum.TryParse<KeysAction>(input.Action, ignoreCase: true, out var action))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]'{input.Action}' is not an action: use list, add or revoke.[/]");
            return false;
        }

        if (action == KeysAction.Add && AccessKeys.Refusal(input.Name, input.RoleFlag) is { } refusal)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{refusal}[/]");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        return action switch
        {
            KeysAction.Add => await AddAsync(store, input.Name, input.RoleFlag, now),
            KeysAction.Revoke => await RevokeAsync(store, input.Name, now),
            _ => await ListAsync(store),
        };
    }

    private static async Task<bool> AddAsync(IDocumentStore store, string name, string role, DateTimeOffset now)
    {
        var key = await AccessKeys.AddAsync(store, name, role, now, CancellationToken.None);
        if (key is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]A key named '{name}' exists: revoke it first, or choose another name.[/]");
            return false;
        }

        AnsiConsole.MarkupLineInterpolated($"Key '{name}' ({role}); it is shown only this once:");
        Console.WriteLine(key);
        return true;
    }

    private static async Task<bool> RevokeAsync(IDocumentStore store, string name, DateTimeOffset now)
    {
        if (await AccessKeys.RevokeAsync(store, name, now, CancellationToken.None))
        {
            AnsiConsole.MarkupLineInterpolated($"Revoked: {name}");
            return true;
        }

        AnsiConsole.MarkupLineInterpolated($"[red]No active key named '{name}'.[/]");
        return false;
    }

    private static async Task<bool> ListAsync(IDocumentStore store)
    {
        var table = new Table().AddColumns("name", "role", "created", "revoked");
        foreach (var key in await AccessKeys.ListAsync(store, CancellationToken.None))
        {
            table.AddRow(
                Markup.Escape(key.Name),
                key.Role,
                key.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                key.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
        }

        AnsiConsole.Write(table);
        return true;
    }
}
