using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration.Attributes;

namespace RelationsTracker.Engagements;

/// <summary>
/// The CAMEO event codes with their Goldstein scores. We pin the ICEWS table (Reference/cameo-codes.csv,
/// from the MIT-licensed andybega/icews package); GDELT's own table differs on 016, 022, 164, 165 and 1213.
/// </summary>
public static class CameoCodes
{
    private static readonly FrozenDictionary<string, CameoCode> ByCode = Load();

    public static bool TryFind(string code, out CameoCode cameo) => ByCode.TryGetValue(code, out cameo!);

    /// <summary>Every code of the table.</summary>
    public static IEnumerable<CameoCode> All => ByCode.Values;

    public static CameoCode Find(string code) =>
        TryFind(code, out var cameo) ? cameo : throw new KeyNotFoundException($"'{code}' is not a CAMEO code.");

    /// <summary>The default coding of each kind; null for kinds that are not interactions between the two.</summary>
    public static EventCoding? CodingFor(EngagementKind kind, Stance? stance, string? cameoOverride, double? goldsteinOverride = null)
    {
        var (code, plover, mode) = kind switch
        {
            EngagementKind.Meeting => ("040", "CONSULT", "third-party"),
            EngagementKind.Visit => ("042", "CONSULT", "visit"),
            EngagementKind.Call => ("041", "CONSULT", "phone"),
            EngagementKind.Planned => ("036", "AGREE", "meet"),
            EngagementKind.Outreach => ("026", "REQUEST", "meet"),
            EngagementKind.Rebuff => ("125", "REJECT", "meet"),
            EngagementKind.Statement => stance switch
            {
                Stance.Supportive => ("051", "SUPPORT", (string?)null),
                Stance.Critical => ("111", "ACCUSE", null),
                _ => ("010", (string?)null, null),
            },
            EngagementKind.Suspension => ("164", "SANCTION", "discontinue"),
            EngagementKind.Restoration => ("050", "AGREE", null),
            EngagementKind.Sanction => ("163", "SANCTION", null),
            _ => ((string?)null, (string?)null, (string?)null),
        };

        code = cameoOverride ?? code;
        if (code is null)
        {
            return null;
        }

        var cameo = Find(code);
        return new EventCoding(cameo.Code, goldsteinOverride ?? cameo.Goldstein, cameo.QuadClass, plover, mode);
    }

    private static FrozenDictionary<string, CameoCode> Load()
    {
        using var stream = typeof(CameoCodes).Assembly.GetManifestResourceStream("cameo-codes.csv")
            ?? throw new InvalidOperationException("The CAMEO table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.GetRecords<CameoRow>()
            .Select(row => new CameoCode(row.Code, row.Name, row.Goldstein, QuadClassOf(row.Root)))
            .ToFrozenDictionary(code => code.Code, StringComparer.Ordinal);
    }

    private static QuadClass QuadClassOf(string root) => int.Parse(root, CultureInfo.InvariantCulture) switch
    {
        <= 5 => QuadClass.VerbalCooperation,
        <= 9 => QuadClass.MaterialCooperation,
        <= 14 => QuadClass.VerbalConflict,
        _ => QuadClass.MaterialConflict,
    };

    private sealed class CameoRow
    {
        [Name("code")]
        public string Code { get; set; } = string.Empty;

        [Name("name")]
        public string Name { get; set; } = string.Empty;

        [Name("goldstein")]
        public double Goldstein { get; set; }

        [Name("root")]
        public string Root { get; set; } = string.Empty;
    }
}

public sealed record CameoCode(string Code, string Name, double Goldstein, QuadClass QuadClass);
