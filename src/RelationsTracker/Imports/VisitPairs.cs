namespace RelationsTracker.Imports;

/// <summary>
/// The visits already read from a file, to count the second half of a CAMEO 042/043 pair as a duplicate. Both halves of
/// a pair come from the same report, so they sit close together in a file; a window of the most recent
/// <see cref="Capacity"/> visits keeps memory bounded however long the file is. A half that arrives after its partner
/// left the window (or in another file) still carries the same sourceId, so the tracker never stores the visit twice: it
/// refuses it as a conflict, its CAMEO code and score being the other half's.
/// </summary>
internal sealed class VisitPairs
{
    public const int Capacity = 100_000;

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>True the first time a visit's sourceId is offered (within the window).</summary>
    public bool IsFirst(string visitId)
    {
        if (!seen.Add(visitId))
        {
            return false;
        }

        order.Enqueue(visitId);
        if (order.Count > Capacity)
        {
            seen.Remove(order.Dequeue());
        }

        return true;
    }
}
