using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// The one order of engagements: by the date they are known from (imprecise dates at the start of their period),
/// then by sourceId so that engagements of the same day sort the same whatever their arrival order.
/// </summary>
public sealed class OccurrenceOrder : IComparer<Engagement>
{
    public static readonly OccurrenceOrder Instance = new();

    public int Compare(Engagement? x, Engagement? y)
    {
        if (x is null || y is null)
        {
            return Comparer<object>.Default.Compare(x, y);
        }

        var byDate = x.KnownFrom.CompareTo(y.KnownFrom);
        return byDate != 0 ? byDate : string.CompareOrdinal(x.SourceId, y.SourceId);
    }
}
