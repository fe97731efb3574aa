using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration.Attributes;

namespace RelationsTracker.Engagements;

/// <summary>
/// ISO 3166-1 countries (Reference/countries.csv, from the Debian iso-codes package, LGPL-2.1-or-later).
/// </summary>
public static class Countries
{
    private static readonly FrozenDictionary<string, string> NamesByAlpha3 = Load();

    public static bool IsKnown(string? alpha3) => alpha3 is not null && NamesByAlpha3.ContainsKey(alpha3);

    public static string NameOf(string alpha3) => NamesByAlpha3.GetValueOrDefault(alpha3, alpha3);

    /// <summary>
    /// The countries whose English name contains <paramref name="text"/>, or whose code it is, in any case: "united"
    /// finds ARE, GBR, UMI and USA; "chn" finds CHN.
    /// </summary>
    public static IReadOnlyList<string> Matching(string text) =>
        NamesByAlpha3
            .Where(c => c.Value.Contains(text, StringComparison.OrdinalIgnoreCase) || c.Key.Equals(text, StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every country: alpha-3 code to English name.</summary>
    public static IReadOnlyDictionary<string, string> All => NamesByAlpha3;

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(Countries).Assembly.GetManifestResourceStream("countries.csv")
            ?? throw new InvalidOperationException("The country table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<CountryRow>().ToFrozenDictionary(row => row.Alpha3, row => row.Name, StringComparer.Ordinal);
    }

    private sealed class CountryRow
    {
        [Name("alpha3")]
        public string Alpha3 { get; set; } = string.Empty;

        [Name("name")]
        public string Name { get; set; } = string.Empty;
    }
}
