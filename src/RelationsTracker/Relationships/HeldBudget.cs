namespace RelationsTracker.Relationships;

/// <summary>
/// How much the server keeps of the relationships it has been asked about: at most <see cref="Events"/> events.
/// Beyond that it lets go of the least recently asked about, down to three quarters of the budget (so that it does not
/// let go again at the next question), never the one asked about last. A relationship let go of is read again when
/// next asked about.
/// </summary>
internal static class HeldBudget
{
    /// <summary>About 2 GiB of memory at the sizes measured (4 KiB per event held, with its engagement and chronology).</summary>
    public const long Events = 500_000;

    /// <summary>The relationships to let go of, least recently asked about first.</summary>
    public static IReadOnlyList<string> ToRelease(IReadOnlyCollection<(string Id, long LastAsked, int Events)> held, long budget)
    {
        var total = held.Sum(h => (long)h.Events);
        if (total <= budget)
        {
            return [];
        }

        var target = budget / 4 * 3;
        var released = new List<string>();
        foreach (var (id, _, events) in held.OrderBy(h => h.LastAsked).SkipLast(1))
        {
            if (total <= target)
            {
                break;
            }

            released.Add(id);
            total -= events;
        }

        return released;
    }
}
