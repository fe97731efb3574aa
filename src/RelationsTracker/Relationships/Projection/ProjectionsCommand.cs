using System.Diagnostics;
using JasperFx.CommandLine;

namespace RelationsTracker.Relationships.Projection;

public enum ProjectionsAction
{
    rebuild,
}

public sealed class ProjectionsInput : NetCoreInput
{
    [Description("What to do: rebuild")]
    public ProjectionsAction Action { get; set; } = ProjectionsAction.rebuild;

    [Description("Give up after this many minutes (default 60)")]
    [FlagAlias("timeout-minutes", true)]
    public int TimeoutMinutesFlag { get; set; } = 60;
}

/// <summary>
/// relations projections rebuild: projects every event again into the relationships' state. It stands in for Marten's
/// command of the same name, which prints console markup and host warnings around its own news.
/// </summary>
[Description("Rebuild the relationships' state from the events", Name = "projections")]
public sealed class ProjectionsCommand : JasperFxAsyncCommand<ProjectionsInput>
{
    public ProjectionsCommand()
    {
        Usage("Rebuild the relationships' state from the events").Arguments(x => x.Action);
    }

    public override async Task<bool> Execute(ProjectionsInput input)
    {
        using var host = input.BuildHost();
        var stopwatch = Stopwatch.StartNew();
        if (!await StateRebuild.RunAsync(host.Services, TimeSpan.FromMinutes(input.TimeoutMinutesFlag), CancellationToken.None))
        {
            Console.Error.WriteLine("A server is running the projection: stop every server, then rebuild.");
            return false;
        }

        Console.WriteLine($"Rebuilt the state of every relationship from the events in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }
}
