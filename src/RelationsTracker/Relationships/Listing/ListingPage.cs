namespace RelationsTracker.Relationships.Listing;

/// <summary>How a listing is sorted: by its most recent change of status (the default), its latest engagement, or its countries.</summary>
public enum ListingOrder
{
    Changed,
    Latest,
    Country,
}

/// <summary>Which page of a listing, of how many relationships, in what order.</summary>
public sealed record ListingPage(int Number = 1, int Size = ListingPage.DefaultSize, ListingOrder Order = ListingOrder.Changed)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 1000;

    /// <summary>Every relationship on one page, in order of their keys: for exports and a country's few relationships.</summary>
    public static readonly ListingPage All = new(1, int.MaxValue, ListingOrder.Country);
}

/// <summary>
/// One page of relationships and how many the filter keeps in all; <see cref="HiddenCount"/>: how many it left out for
/// having every channel unknown (<see cref="RelationshipFilter.HideAllUnknown"/>), 0 when it hid none.
/// </summary>
public sealed record RelationshipListing(int TotalCount, IReadOnlyList<RelationshipOverview> Relationships, int HiddenCount = 0)
{
    public bool HidesAllUnknown => HiddenCount > 0;
}
