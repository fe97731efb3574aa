using System.Diagnostics;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

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
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var stopwatch = Stopwatch.StartNew();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(
            RelationshipStateProjection.Name, TimeSpan.FromMinutes(input.TimeoutMinutesFlag), CancellationToken.None);
        Console.WriteLine($"Rebuilt the state of every relationship from the events in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }
}
