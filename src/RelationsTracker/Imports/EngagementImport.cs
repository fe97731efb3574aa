using System.Threading.Channels;
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
/// Imports a data set in a pipeline over the cores: one task reads the file row by row into chunks, the next
/// validates and fingerprints each chunk's rows in parallel, and the last writes each chunk in two parts of different
/// relationships at once, each in one transaction as the intake writes a batch (<see cref="EngagementIntake.AppendAsync"/>):
/// the same decision, idempotency markers and per-relationship locks, so that an import can run beside live
/// submissions and a second import of the same file adds nothing. Rows the decision rejects are counted, not stored.
/// Memory stays bounded: at most a few chunks are in flight.
/// </summary>
public static class EngagementImport
{
    /// <summary>Rows read, prepared and written together.</summary>
    public const int ChunkSize = 5_000;
    private const int ChunksInFlight = 1;
    private const int RejectionExamples = 20;

    /// <summary>How many parts of different relationships each chunk is written in, at once.</summary>
    /// <remarks>
    /// PostgreSQL stores a transaction's rows on the core of the backend that receives them: one writer leaves the
    /// other core idle while it waits.
    /// </remarks>
    public const int Writers = 2;

    // A marker of the same sourceId written meanwhile by a writer of another relationship, or an append by a writer
    // that takes no relationship lock, fails the part's transaction; deciding the part again sees it. Two writers
    // that each insert the other's pending markers (sourceIds reused across relationships) deadlock instead, and
    // PostgreSQL fails one of them: the same retry applies.
    private const int Attempts = 3;

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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var read = Channel.CreateBounded<ReadChunk>(ChunksInFlight);
        var prepared = Channel.CreateBounded<PreparedChunk>(ChunksInFlight);

        // The reading and preparing stages block their own threads (CPU work, waits for the next stage), so that
        // the pool's few threads on a small machine stay free for the writer's database round trips.
        var reading = Dedicated(() => Read(file, format, read.Writer, stop.Token));
        var preparing = Dedicated(() => Prepare(read.Reader, prepared.Writer, today, stop.Token));

        try
        {
            await foreach (var chunk in prepared.Reader.ReadAllAsync(stop.Token))
            {
                var parts = ImportChunk.Partition(chunk.Rows, Writers);
                Count(chunk.Tally, await Task.WhenAll(parts.Select(part => WriteAsync(store, locks, part, stop.Token))), summary);
                summary.Elapsed = clock.Elapsed;
                progress?.Report(summary);
            }
        }
        catch
        {
            // The writer's failure is the one to report: the others only stop because of it.
            await stop.CancelAsync();
            await Task.WhenAll(reading, preparing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // The reader's own failure (a file of no known format) surfaces here.
        await Task.WhenAll(reading, preparing);

        summary.Elapsed = clock.Elapsed;
        progress?.Report(summary);
        await EventStatistics.GatherAsync(store, summary.Imported, cancellation);
        return summary;
    }

    /// <summary>A chunk of the file: the rows to record, and the tally of the rows it took to read them.</summary>
    private sealed class ReadChunk
    {
        public List<RecordEngagement> Submissions { get; } = new(ChunkSize);

        public ChunkTally Tally { get; } = new();
    }

    /// <summary>
    /// How many rows a chunk took to read, skipped ones included. It travels on alone once the chunk is prepared: the
    /// submissions, no longer needed, can then be collected before they age into the collector's older generations.
    /// </summary>
    private sealed class ChunkTally
    {
        public long Rows { get; set; }

        public Dictionary<SkipReason, long> Skipped { get; } = [];
    }

    /// <summary>A chunk's rows ready to write, and the tally of the rows it took to read them.</summary>
    private sealed record PreparedChunk(ChunkTally Tally, PreparedEngagement[] Rows);

    private static Task Dedicated(Action stage) =>
        Task.Factory.StartNew(stage, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Hands an item to the next stage, waiting on this stage's own thread while the next one is behind.</summary>
    private static void Put<T>(ChannelWriter<T> channel, T item, CancellationToken cancellation) =>
        channel.WriteAsync(item, cancellation).AsTask().GetAwaiter().GetResult();

    private static void Read(Stream file, ImportFormat? format, ChannelWriter<ReadChunk> chunks, CancellationToken cancellation)
    {
        try
        {
            foreach (var chunk in Chunks(file, format))
            {
                Put(chunks, chunk, cancellation);
            }
        }
        finally
        {
            chunks.Complete();
        }
    }

    private static IEnumerable<ReadChunk> Chunks(Stream file, ImportFormat? format)
    {
        var chunk = new ReadChunk();
        foreach (var row in ImportFormats.Read(file, format))
        {
            chunk.Tally.Rows++;
            switch (row)
            {
                case ImportedRow.Accepted accepted:
                    chunk.Submissions.Add(accepted.Engagement);
                    break;
                case ImportedRow.Skipped skipped:
                    chunk.Tally.Skipped[skipped.Reason] = chunk.Tally.Skipped.GetValueOrDefault(skipped.Reason) + 1;
                    break;
            }

            if (chunk.Submissions.Count == ChunkSize)
            {
                yield return chunk;
                chunk = new ReadChunk();
            }
        }

        yield return chunk;
    }

    private static void Prepare(
        ChannelReader<ReadChunk> chunks,
        ChannelWriter<PreparedChunk> prepared,
        DateOnly today,
        CancellationToken cancellation)
    {
        try
        {
            while (chunks.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
            {
                while (chunks.TryRead(out var chunk))
                {
                    Put(prepared, new PreparedChunk(chunk.Tally, PreparedEngagement.PrepareAll(chunk.Submissions, today, cancellation)), cancellation);
                }
            }
        }
        finally
        {
            prepared.Complete();
        }
    }

    private static async Task<BatchDecision> WriteAsync(IDocumentStore store, RelationshipLocks locks, PreparedEngagement[] rows, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                return await EngagementIntake.AppendAsync(session, locks, rows, refuse: null, cancellation);
            }
            catch (Exception e) when (EngagementQueue.IsConcurrencyConflict(e) && attempt < Attempts)
            {
                // Nothing of the part was kept: decide it again.
            }
        }
    }

    private static void Count(ChunkTally tally, IEnumerable<BatchDecision> decisions, ImportSummary summary)
    {
        summary.Rows += tally.Rows;
        foreach (var (reason, count) in tally.Skipped)
        {
            summary.Skipped[reason] = summary.Skipped.GetValueOrDefault(reason) + count;
        }

        foreach (var decision in decisions)
        {
            summary.Imported += decision.Appends.Count;
            summary.AlreadyRecorded += decision.Duplicates.Count;
            summary.Rejected += decision.Rejections.Count;
            summary.RejectionExamples.AddRange(decision.Rejections.Take(RejectionExamples - summary.RejectionExamples.Count).Select(r => r.Describe()));
        }
    }
}
