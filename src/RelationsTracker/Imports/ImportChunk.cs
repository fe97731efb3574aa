using JasperFx.Events;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;

namespace RelationsTracker.Imports;

/// <summary>What a chunk of an import comes to against what is recorded.</summary>
public sealed class ChunkPlan
{
    public List<PlannedAppend> Appends { get; } = [];

    public long AlreadyRecorded { get; set; }

    /// <summary>Why each refused row was refused, "sourceId: reason", in file order.</summary>
    public List<string> Rejections { get; } = [];
}

/// <summary>
/// The pure rules of writing a chunk of an import in bulk, the same as the intake's for one batch: each row decided in
/// file order against what is recorded and what the chunk appended before it; events numbered as Marten numbers them;
/// the relationship summaries evolved by their projection.
/// </summary>
public static class ImportChunk
{
    /// <summary>The relationships the chunk may write to, each once, in key order (the order their locks are taken in).</summary>
    public static string[] RelationshipIds(IEnumerable<PreparedEngagement> rows) =>
        rows.Where(r => r.Engagement is not null).Select(r => r.RelationshipId).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The chunk's rows in <paramref name="parts"/> parts that share no relationship, to be written at the same time
    /// without waiting for each other's locks: each relationship's rows stay together in file order, and the parts are
    /// about as large as each other (relationships taken largest first, each to the smallest part so far). Refused
    /// rows go to the first part.
    /// </summary>
    public static IReadOnlyList<PreparedEngagement[]> Partition(IReadOnlyList<PreparedEngagement> rows, int parts)
    {
        var relationships = rows.Where(r => r.Engagement is not null)
            .GroupBy(r => r.RelationshipId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        var sizes = new int[parts];
        var partOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var relationship in relationships)
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            partOf[relationship.Key] = smallest;
            sizes[smallest] += relationship.Count();
        }

        var split = Enumerable.Range(0, parts).Select(_ => new List<PreparedEngagement>()).ToArray();
        foreach (var row in rows)
        {
            split[row.Engagement is null ? 0 : partOf[row.RelationshipId]].Add(row);
        }

        return [.. split.Where(part => part.Count > 0).Select(part => part.ToArray())];
    }

    public static ChunkPlan Plan(IReadOnlyList<PreparedEngagement> rows, IReadOnlyDictionary<string, EngagementSource> recorded)
    {
        var known = new Dictionary<string, EngagementSource>(recorded, StringComparer.Ordinal);
        var plan = new ChunkPlan();
        foreach (var row in rows)
        {
            if (row.Engagement is not { } engagement)
            {
                plan.Rejections.Add($"{row.SourceId}: {string.Join("; ", row.Errors.Select(f => $"{f.Field}: {f.Problem}"))}");
                continue;
            }

            RecordingDecision decision;
            try
            {
                decision = EngagementRecording.Decide(
                    engagement,
                    row.Fingerprint,
                    known.GetValueOrDefault(engagement.SourceId),
                    engagement.Retracts is { } target ? known.GetValueOrDefault(target) : null);
            }
            catch (InvalidEngagementException invalid)
            {
                plan.Rejections.Add($"{engagement.SourceId}: {string.Join("; ", invalid.Errors.Select(f => $"{f.Field}: {f.Problem}"))}");
                continue;
            }
            catch (EngagementConflictException conflict)
            {
                plan.Rejections.Add($"{conflict.SourceId}: already recorded with different content");
                continue;
            }

            switch (decision)
            {
                case RecordingDecision.Append append:
                    plan.Appends.Add(new PlannedAppend(row, append));
                    known[engagement.SourceId] = append.Source;
                    break;
                case RecordingDecision.Duplicate:
                    plan.AlreadyRecorded++;
                    break;
            }
        }

        return plan;
    }
}
