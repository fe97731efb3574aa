using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.DeadLetters;
using RelationsTracker.Engagements.Recording;
using Spectre.Console;
using Wolverine;
using Wolverine.Runtime;

namespace RelationsTracker.Engagements.Submitting;

public sealed class SubmitInput : NetCoreInput
{
    [Description("A JSON array or JSON-lines file of engagements")]
    public string File { get; set; } = string.Empty;

    [Description("Wait until the server has recorded every accepted engagement")]
    public bool WaitFlag { get; set; }

    [Description("With --wait: give up after this many seconds, naming the engagements not yet recorded (default 300)")]
    [FlagAlias("wait-seconds", true)]
    public int WaitSecondsFlag { get; set; } = 300;
}

/// <summary>
/// relations submit FILE: checks each engagement with the one validation, sets aside those already recorded,
/// and publishes the rest to the tracker's queue, where the server records them (now, or when it next starts).
/// </summary>
[Description("Publish the engagements of a file to the tracker's queue", Name = "submit")]
public sealed class SubmitCommand : JasperFxAsyncCommand<SubmitInput>
{
    private const int ChunkSize = 500;

    public SubmitCommand()
    {
        Usage("Publish a file").Arguments(x => x.File);
    }

    public override async Task<bool> Execute(SubmitInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No such file: {input.File}[/]");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var database = host.Services.GetRequiredService<TrackerDatabase>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var tally = new SubmissionTally();
        var started = clock.GetUtcNow();

        using (var publisher = await EngagementPublishing.StartPublisherAsync(database.ConnectionString))
        {
            var bus = publisher.Services.GetRequiredService<IMessageBus>();
            try
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask($"Submitting {Path.GetFileName(input.File)}", maxValue: new FileInfo(input.File).Length);
                        var chunk = new List<FileEntry>(ChunkSize);
                        await foreach (var entry in EngagementFile.ReadAsync(input.File))
                        {
                            chunk.Add(entry);
                            if (chunk.Count == ChunkSize)
                            {
                                await SubmitChunkAsync(chunk, store, bus, clock, tally);
                                task.Value = entry.Position;
                                chunk.Clear();
                            }
                        }

                        await SubmitChunkAsync(chunk, store, bus, clock, tally);
                        task.Value = task.MaxValue;
                    });
            }
            catch (JsonException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{input.File} is not valid JSON: {e.Message}[/]");
                return false;
            }

            await publisher.StopAsync();
        }

        if (input.WaitFlag && tally.Accepted.Count > 0)
        {
            var runtime = host.Services.GetRequiredService<IWolverineRuntime>();
            var deadline = TimeSpan.FromSeconds(Math.Max(1, input.WaitSecondsFlag));
            foreach (var (sourceId, reason) in await WaitUntilHandledAsync(store, runtime, tally.Accepted.Keys, started, deadline))
            {
                tally.NotRecorded(sourceId, reason);
            }
        }

        tally.Render(input.WaitFlag);
        return tally.Rejected.Count == 0;
    }

    private static async Task SubmitChunkAsync(
        List<FileEntry> chunk, IDocumentStore store, IMessageBus bus, TimeProvider clock, SubmissionTally tally)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var valid = new List<(int Number, RecordEngagement Submission, Engagement Engagement)>();
        foreach (var entry in chunk)
        {
            if (entry.Engagement is null)
            {
                tally.Reject(entry.Number, null, entry.Problem!);
                continue;
            }

            try
            {
                valid.Add((entry.Number, entry.Engagement, Submissions.Accept(entry.Engagement, today)));
            }
            catch (InvalidEngagementException invalid)
            {
                tally.Reject(entry.Number, entry.Engagement.SourceId, string.Join("; ", invalid.Errors.Select(e => $"{e.Field}: {e.Problem}")));
            }
        }

        await using var session = store.QuerySession();
        var stored = (await session.LoadManyAsync<EngagementSource>(valid.Select(v => v.Engagement.SourceId).Distinct().ToArray()))
            .ToDictionary(s => s.Id);
        var publishable = new List<RecordEngagement>(valid.Count);
        foreach (var (number, submission, engagement) in valid)
        {
            if (stored.TryGetValue(engagement.SourceId, out var existing))
            {
                if (existing.Fingerprint == EngagementRecording.Fingerprint(engagement))
                {
                    tally.Duplicates++;
                }
                else
                {
                    tally.Reject(number, engagement.SourceId, "already recorded with different content; send a correction (PUT /api/engagements/{sourceId})");
                }

                continue;
            }

            publishable.Add(submission);
            tally.Accepted[engagement.SourceId] = number;
        }

        // One message for the chunk: one durable write for the publisher, one transaction for the server.
        if (publishable.Count > 0)
        {
            await bus.PublishAsync(new SubmitEngagements(publishable));
        }
    }

    /// <summary>
    /// Waits until the server has recorded or dead-lettered each of the engagements (a retraction of an engagement that
    /// never comes is dead-lettered after its waits), or until <paramref name="deadline"/> has passed, and answers
    /// the dead-lettered ones with their reasons and those still unrecorded as such.
    /// </summary>
    private static async Task<IReadOnlyList<(string SourceId, string Reason)>> WaitUntilHandledAsync(
        IDocumentStore store, IWolverineRuntime runtime, IEnumerable<string> sourceIds, DateTimeOffset started, TimeSpan deadline)
    {
        var waiting = sourceIds.ToHashSet(StringComparer.Ordinal);
        var refused = new List<(string SourceId, string Reason)>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await AnsiConsole.Status().StartAsync("Waiting for the server to record them...", async _ =>
        {
            while (waiting.Count > 0 && waited.Elapsed < deadline)
            {
                await using var session = store.QuerySession();
                foreach (var chunk in waiting.ToArray().Chunk(ChunkSize))
                {
                    waiting.ExceptWith((await session.LoadManyAsync<EngagementSource>(chunk)).Select(s => s.Id));
                }

                // Dead letters of this run only: an earlier run may have left some for the same sourceIds.
                // Whatever shape the message was dead-lettered in: an engagement set aside alone, or the whole message.
                foreach (var letter in await RejectedSubmissions.SentSinceAsync(runtime, started, CancellationToken.None))
                {
                    var lettered = letter.Message switch
                    {
                        RecordEngagement one => [one],
                        SubmitEngagements many => many.Engagements,
                        _ => [],
                    };
                    foreach (var sourceId in lettered.Select(e => e?.SourceId).OfType<string>().Where(waiting.Remove))
                    {
                        refused.Add((sourceId, $"dead-lettered by the server: {letter.Reason}"));
                    }
                }

                if (waiting.Count > 0)
                {
                    await Task.Delay(200);
                }
            }
        });
        refused.AddRange(waiting.Select(sourceId => (sourceId, $"not recorded after waiting {deadline.TotalSeconds:0} s: still queued, or the server is not running")));
        return refused;
    }

    private sealed class SubmissionTally
    {
        /// <summary>The sourceIds published, with their entry numbers in the file.</summary>
        public Dictionary<string, int> Accepted { get; } = new(StringComparer.Ordinal);

        public int Duplicates { get; set; }

        public List<(int? Number, string? SourceId, string Reason)> Rejected { get; } = [];

        public int Total => Accepted.Count + Duplicates + Rejected.Count;

        public void Reject(int? number, string? sourceId, string reason) => Rejected.Add((number, sourceId, reason));

        /// <summary>A published engagement the server dead-lettered, or did not record in time.</summary>
        public void NotRecorded(string sourceId, string reason)
        {
            Reject(Accepted[sourceId], sourceId, reason);
            Accepted.Remove(sourceId);
        }

        public void Render(bool waited)
        {
            var summary = new Table().AddColumns("outcome", "engagements");
            summary.AddRow(waited ? "accepted and recorded" : "accepted (queued)", Accepted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            summary.AddRow("duplicates", Duplicates.ToString(System.Globalization.CultureInfo.InvariantCulture));
            summary.AddRow("rejected", Rejected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(summary);

            if (Rejected.Count > 0)
            {
                var reasons = new Table().AddColumns("entry", "sourceId", "reason");
                foreach (var (number, sourceId, reason) in Rejected)
                {
                    reasons.AddRow(
                        Markup.Escape(number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
                        Markup.Escape(sourceId ?? "-"),
                        Markup.Escape(reason));
                }

                AnsiConsole.Write(reasons);
            }
        }
    }
}
