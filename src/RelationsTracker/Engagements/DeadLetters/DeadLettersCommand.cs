using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Wolverine.Runtime;

namespace RelationsTracker.Engagements.DeadLetters;

public enum DeadLetterAction
{
    List,
    Replay,
    Discard,
}

public sealed class DeadLettersInput : NetCoreInput
{
    [Description("list, replay or discard")]
    public string Action { get; set; } = "list";

    [Description("The dead letter's id (for replay and discard)")]
    public string Id { get; set; } = string.Empty;
}

/// <summary>relations dead-letters [list|replay ID|discard ID]: the submissions the queue could not record.</summary>
[Description("List, replay or discard the submissions that could not be recorded", Name = "dead-letters")]
public sealed class DeadLettersCommand : JasperFxAsyncCommand<DeadLettersInput>
{
    public DeadLettersCommand()
    {
        Usage("List them");
        Usage("Replay or discard one").Arguments(x => x.Action, x => x.Id);
    }

    public override async Task<bool> Execute(DeadLettersInput input)
    {
        if (!Enum.TryParse<DeadLetterAction>(input.Action, ignoreCase: true, out var action))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]'{input.Action}' is not an action: use list, replay or discard.[/]");
            return false;
        }

        using var host = input.BuildHost();
        var runtime = host.Services.GetRequiredService<IWolverineRuntime>();
        if (action == DeadLetterAction.List)
        {
            var table = new Table().AddColumns("id", "sent", "sourceId", "reason");
            foreach (var letter in await RejectedSubmissions.ListAsync(runtime, CancellationToken.None))
            {
                table.AddRow(
                    letter.Id.ToString(),
                    letter.SentAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape((letter.Message as Contracts.RecordEngagement)?.SourceId ?? "-"),
                    Markup.Escape(letter.Reason));
            }

            AnsiConsole.Write(table);
            return true;
        }

        if (!Guid.TryParse(input.Id, out var id))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]'{input.Id}' is not a dead letter id (a GUID from 'dead-letters list').[/]");
            return false;
        }

        var done = action == DeadLetterAction.Replay
            ? await RejectedSubmissions.ReplayAsync(runtime, id, CancellationToken.None)
            : await RejectedSubmissions.DiscardAsync(runtime, id, CancellationToken.None);
        if (done)
        {
            AnsiConsole.MarkupLineInterpolated($"{action}: {id}");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No dead letter {id}.[/]");
        }

        return done;
    }
}
