using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>What an import did with every row of a file.</summary>
public sealed class ImportSummary
{
    public long Rows { get; set; }

    public long Imported { get; set; }

    /// <summary>Rows already recorded (by an earlier import of the file, or a live submission).</summary>
    public long AlreadyRecorded { get; set; }

    public Dictionary<SkipReason, long> Skipped { get; } = [];

    /// <summary>Rows the tracker's validation refused, or that conflict with what is recorded, with the first reasons.</summary>
    public long Rejected { get; set; }

    public List<string> RejectionExamples { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Imports a data set: reads it row by row (bounded memory), and records the engagements in batches through the
/// same intake as every other submission (validation, idempotency, per-relationship locks), so that an import can
/// run beside live submissions and a second import of the same file adds nothing.
/// </summary>
public static class EngagementImport
{
    private const int BatchSize = 1000;
    private const int RejectionExamples = 20;

    public static async Task<ImportSummary> RunAsync(
        IDocumentStore store,
        RelationshipLocks locks,
        Stream file,
        ImportFormat? format,
        DateOnly today,
        IProgress<ImportSummary>? progress,
        CancellationToken cancellation)
    {
        var summary = new ImportSummary();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var batch = new List<RecordEngagement>(BatchSize);
        foreach (var row in ImportFormats.Read(file, format))
        {
            summary.Rows++;
            switch (row)
            {
                case ImportedRow.Accepted accepted:
                    batch.Add(accepted.Engagement);
                    break;
                case ImportedRow.Skipped skipped:
                    summary.Skipped[skipped.Reason] = summary.Skipped.GetValueOrDefault(skipped.Reason) + 1;
                    break;
            }

            if (batch.Count == BatchSize)
            {
                await RecordAsync(store, locks, batch, today, summary, cancellation);
                batch.Clear();
                summary.Elapsed = clock.Elapsed;
                progress?.Report(summary);
            }
        }

        await RecordAsync(store, locks, batch, today, summary, cancellation);
        summary.Elapsed = clock.Elapsed;
        progress?.Report(summary);
        return summary;
    }

    private static async Task RecordAsync(
        IDocumentStore store, RelationshipLocks locks, List<RecordEngagement> batch, DateOnly today, ImportSummary summary, CancellationToken cancellation)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var session = store.LightweightSession();
            Count(await EngagementIntake.RecordAsync(session, locks, batch, today, cancellation), summary);
        }
        catch (Exception e) when (e is InvalidEngagementException or EngagementConflictException)
        {
            // One bad row must not cost the batch: record the rows one by one and count the bad ones.
            foreach (var engagement in batch)
            {
                try
                {
                    await using var session = store.LightweightSession();
                    Count(await EngagementIntake.RecordAsync(session, locks, [engagement], today, cancellation), summary);
                }
                catch (InvalidEngagementException invalid)
                {
                    Reject(summary, $"{engagement.SourceId}: {string.Join("; ", invalid.Errors.Select(f => $"{f.Field}: {f.Problem}"))}");
                }
                catch (EngagementConflictException conflict)
                {
                    Reject(summary, $"{conflict.SourceId}: already recorded with different content");
                }
            }
        }
    }

    private static void Count(IEnumerable<EngagementRecorded> outcomes, ImportSummary summary)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome.Duplicate)
            {
                summary.AlreadyRecorded++;
            }
            else
            {
                summary.Imported++;
            }
        }
    }

    private static void Reject(ImportSummary summary, string reason)
    {
        summary.Rejected++;
        if (summary.RejectionExamples.Count < RejectionExamples)
        {
            summary.RejectionExamples.Add(reason);
        }
    }
}
