using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Benchmarks;

/// <summary>
/// Engagements appended with Marten directly, as the baselines append them (validated beforehand: no bus, no markers),
/// and projected by a daemon in this process.
/// </summary>
internal static class MartenAppends
{
    /// <summary>The submissions validated, as the intake would before appending them.</summary>
    public static List<Engagement> Accepted(IEnumerable<RecordEngagement> submissions)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return submissions.Select(e => Submissions.Accept(e, today)).ToList();
    }

    /// <summary>One session, one commit.</summary>
    public static async Task AppendBatchAsync(IDocumentStore store, IEnumerable<Engagement> batch, CancellationToken cancellation = default)
    {
        await using var session = store.LightweightSession();
        foreach (var engagement in batch)
        {
            session.Events.Append(IntakeBenchmark.RelationshipOf(engagement), EngagementEvents.For(engagement));
        }

        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>
    /// Two writers, each with its own relationships (two sessions must not append to one stream at once), in batches of
    /// <see cref="IntakeBenchmark.BatchSize"/>: the intake benchmark's baseline, (c).
    /// </summary>
    public static Task AppendByTwoWritersAsync(IDocumentStore store, List<Engagement> all) =>
        Parallel.ForEachAsync(IntakeBenchmark.ByRelationship(all, IntakeBenchmark.RelationshipOf), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (writer, token) =>
        {
            foreach (var batch in writer.Chunk(IntakeBenchmark.BatchSize))
            {
                await AppendBatchAsync(store, batch, token);
            }
        });

    /// <summary>Projects every event appended, in a daemon of this process, and stops it.</summary>
    public static async Task ProjectAllAsync(IDocumentStore store)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromHours(1));
        await daemon.StopAllAsync();
    }
}
