namespace RelationsTracker.Relationships;

/// <summary>One stream and one document per unordered pair of countries, keyed "CHN-USA" (alphabetical).</summary>
public static class RelationshipKey
{
    public static string For(string country, string other) =>
        string.CompareOrdinal(country, other) <= 0 ? $"{country}-{other}" : $"{other}-{country}";

    public static string[] Countries(string key) => key.Split('-');
}
