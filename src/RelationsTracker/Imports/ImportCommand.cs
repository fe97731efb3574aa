using System.Globalization;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships.Projection;
using Spectre.Console;

namespace RelationsTracker.Imports;

public sealed class ImportInput : NetCoreInput
{
    [Description("An ICEWS, GDELT 1.0/2.0 or PLOVER file")]
    public string File { get; set; } = string.Empty;

    [Description("icews, gdelt or plover (detected from the first line when not given)")]
    public string? FormatFlag { get; set; }
}

/// <summary>relations import FILE [--format icews|gdelt|plover]: loads a data set, with progress and a summary.</summary>
[Description("Import an ICEWS, GDELT or PLOVER event file", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public ImportCommand()
    {
        Usage("Import a file").Arguments(x => x.File);
    }

    public override async Task<bool> Execute(ImportInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No such file: {input.File}[/]");
            return false;
        }

        ImportFormat? format = null;
        if (input.FormatFlag is { } given)
        {
            if (!TryParseFormat(given, input.File, out var parsed))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]--format: '{given}' is not a format; use icews, gdelt or plover.[/]");
                return false;
            }

            format = parsed;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var locks = host.Services.GetRequiredService<RelationshipLocks>();
        var today = DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        await using var file = System.IO.File.OpenRead(input.File);

        ImportSummary summary;
        try
        {
            summary = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Importing {Path.GetFileName(input.File)}", maxValue: Math.Max(file.Length, 1));
                    var progress = new Progress<ImportSummary>(s =>
                    {
                        task.Value = file.Position;
                        task.Description = $"Importing {Path.GetFileName(input.File)}: {s.Rows:N0} rows, {s.RowsPerSecond:N0} rows/s";
                    });
                    var result = await EngagementImport.RunAsync(store, locks, file, format, today, progress, CancellationToken.None);
                    task.Value = task.MaxValue;

                    // The relationships' state is brought up to date here, or by the server if one is running.
                    var projecting = context.AddTask("Projecting the relationships' state", maxValue: 1);
                    await StateCatchUp.RunAsync(
                        host.Services,
                        new Progress<(long Projected, long Committed)>(p =>
                        {
                            projecting.MaxValue = Math.Max(p.Committed, 1);
                            projecting.Value = p.Projected;
                        }),
                        CancellationToken.None);
                    projecting.Value = projecting.MaxValue;
                    return result;
                });
        }
        catch (InvalidDataException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return false;
        }

        Render(summary);
        return true;
    }

    private static bool TryParseFormat(string given, string path, out ImportFormat format)
    {
        switch (given.ToLowerInvariant())
        {
            case "icews":
                format = ImportFormat.Icews;
                return true;
            case "plover":
                format = ImportFormat.Plover;
                return true;
            case "gdelt":
                // GDELT 1.0 or 2.0: the width of the first row tells.
                using (var reader = new StreamReader(path))
                {
                    format = ImportFormats.Detect(reader.ReadLine() ?? string.Empty) == ImportFormat.Gdelt2 ? ImportFormat.Gdelt2 : ImportFormat.Gdelt1;
                }

                return true;
            default:
                return Enum.TryParse(given, ignoreCase: true, out format);
        }
    }

    private static void Render(ImportSummary summary)
    {
        var table = new Table().AddColumns("rows", "count");
        table.AddRow("read", summary.Rows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("imported", summary.Imported.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("already recorded", summary.AlreadyRecorded.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (reason, count) in summary.Skipped.OrderBy(s => s.Key))
        {
            table.AddRow($"skipped: {reason}", count.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("rejected by validation", summary.Rejected.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("rows/s", summary.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        foreach (var example in summary.RejectionExamples)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]rejected[/] {example}");
        }
    }
}
