using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>How an import splits a chunk of its rows between writers; each part is then decided and written as the intake's batches are.</summary>
public static class ImportChunk
{
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
}
