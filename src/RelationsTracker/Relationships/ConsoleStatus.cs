using RelationsTracker.Engagements;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsTracker.Relationships;

/// <summary>How the command line shows a status: its JSON word, in a colour an analyst reads at a glance.</summary>
public static class ConsoleStatus
{
    private const int RedirectedWidth = 400;

    public static string Markup(ChannelStatus status) =>
        $"[{Colour(status)}]{QueryArguments.Spelling(status)}[/]";

    private static string Colour(ChannelStatus status) => status switch
    {
        ChannelStatus.Open => "green",
        ChannelStatus.Resuming => "aqua",
        ChannelStatus.Stalled => "yellow",
        ChannelStatus.Suspended => "red",
        ChannelStatus.Dormant => "grey",
        _ => "silver",
    };

    /// <summary>
    /// Writes a table; into a file or a pipe, wide enough that reasons and sourceIds are not broken across lines
    /// at the 80 columns assumed when there is no terminal.
    /// </summary>
    public static void Write(IRenderable table)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Prints the problems of the arguments; false, for the command's exit code.</summary>
    public static bool Refuse(QueryArguments arguments)
    {
        foreach (var line in arguments.Lines())
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{line}[/]");
        }

        return false;
    }

    /// <summary>Says why there is no answer; false, for the command's exit code.</summary>
    public static bool Refuse(string why)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        AnsiConsole.MarkupLineInterpolated($"[red]{why}[/]");
        return false;
    }

    /// <summary>Says that two countries have no engagement on record; false, for the command's exit code.</summary>
    public static bool NotFound(string relationshipId)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]No engagement between {string.Join(" and ", RelationshipKey.Countries(relationshipId))} has been recorded.[/]");
        return false;
    }
}
