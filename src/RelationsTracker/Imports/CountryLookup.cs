using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration.Attributes;
using RelationsTracker.Engagements;

namespace RelationsTracker.Imports;

/// <summary>
/// Turns the country of a data set's actor into an ISO 3166-1 alpha-3 code. Two schemes:
/// <list type="bullet">
/// <item>CAMEO country codes (GDELT actor country codes, PLOVER actor codes): ISO alpha-3 except for the quirks and the
/// regional codes of the CAMEO actor codebook (Schrodt, CAMEO Event and Actor Codebook 1.1b3, 2012, chapter 3) and
/// GDELT's lookup of it (http://data.gdeltproject.org/documentation/CAMEO.country.txt): ROM, TMP, ZAR, WSB, GZS, BAG, KSV
/// and the regions (AFR, EUR, WST, ...).</item>
/// <item>ICEWS English country names ("Russian Federation", "Occupied Palestinian Territory", ...): the ISO short names
/// plus the ICEWS spellings that differ from them, as they appear in the ICEWS event files (doi:10.7910/DVN/28075).</item>
/// </list>
/// Both alias lists are in Reference/country-aliases.csv; an alias with no alpha-3 code is a known non-country
/// (a region, Kosovo, a former country) whose note explains the skip.
/// </summary>
internal static class CountryLookup
{
    private static readonly (FrozenDictionary<string, Match> Codes, FrozenDictionary<string, Match> Names) Tables = Load();

    private static readonly FrozenDictionary<string, Match>.AlternateLookup<ReadOnlySpan<char>> CodesBySpan =
        Tables.Codes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, Match>.AlternateLookup<ReadOnlySpan<char>> NamesBySpan =
        Tables.Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A CAMEO (or ISO) country code; empty means the actor has no country.</summary>
    public static CountryMatch ByCode(ReadOnlySpan<char> code) => Resolve(code.Trim(), CodesBySpan);

    /// <summary>An ICEWS country name; empty or NA means the actor has no country.</summary>
    public static CountryMatch ByName(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        return name.SequenceEqual("NA") ? CountryMatch.Missing : Resolve(name, NamesBySpan);
    }

    private static CountryMatch Resolve(ReadOnlySpan<char> value, FrozenDictionary<string, Match>.AlternateLookup<ReadOnlySpan<char>> table)
    {
        if (value.IsEmpty)
        {
            return CountryMatch.Missing;
        }

        if (table.TryGetValue(value, out var match))
        {
            return match.Alpha3 is null ? new CountryMatch(null, value.ToString(), match.Note) : new CountryMatch(match.Alpha3, null, null);
        }

        return new CountryMatch(null, value.ToString(), null);
    }

    private static (FrozenDictionary<string, Match>, FrozenDictionary<string, Match>) Load()
    {
        using var stream = typeof(CountryLookup).Assembly.GetManifestResourceStream("country-aliases.csv")
            ?? throw new InvalidOperationException("The country alias table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var aliases = csv.GetRecords<AliasRow>().ToList();

        var codes = Countries.All.Keys.ToDictionary(code => code, code => new Match(code, null), StringComparer.OrdinalIgnoreCase);
        var names = Countries.All.ToDictionary(country => country.Value, country => new Match(country.Key, null), StringComparer.OrdinalIgnoreCase);
        foreach (var alias in aliases)
        {
            var table = alias.Scheme == "cameo" ? codes : names;
            table[alias.Alias] = new Match(NullIfEmpty(alias.Alpha3), NullIfEmpty(alias.Note));
        }

        return (codes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private sealed record Match(string? Alpha3, string? Note);

    private sealed class AliasRow
    {
        [Name("scheme")]
        public string Scheme { get; set; } = string.Empty;

        [Name("alias")]
        public string Alias { get; set; } = string.Empty;

        [Name("alpha3")]
        public string Alpha3 { get; set; } = string.Empty;

        [Name("note")]
        public string Note { get; set; } = string.Empty;
    }
}

/// <summary>
/// The country of one side of a row: an ISO alpha-3 code, or the value that could not be recognised (with a note when it
/// is a known non-country), or neither when the row gives no country.
/// </summary>
internal readonly record struct CountryMatch(string? Alpha3, string? Unrecognised, string? Note)
{
    public static CountryMatch Missing => default;

    public bool IsMissing => Alpha3 is null && Unrecognised is null;
}
