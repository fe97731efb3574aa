using System.Collections.Frozen;
using RelationsTracker.Engagements;

namespace RelationsTracker.Imports;

/// <summary>
/// Which kind of engagement a CAMEO-coded row is. Only the codes that move a channel's status, or that the tracker
/// names as evidence, get a kind of their own; every other code is <see cref="EngagementKind.Coded"/> (temperature only).
/// </summary>
internal static class CameoKinds
{
    private static readonly FrozenDictionary<string, CodedKind> ByCode = CameoCodes.All
        .ToFrozenDictionary(code => code.Code, code => new CodedKind(code, KindOf(code.Code)), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, CodedKind>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByCode.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Finds a code of the CAMEO table (exactly as written: "042", not "42").</summary>
    public static bool TryFind(ReadOnlySpan<char> code, out CodedKind coded) => BySpan.TryGetValue(code, out coded!);

    /// <summary>
    /// The kind of a code. Rebuffs are the refusals to meet: 125 (reject a proposal to meet, discuss or negotiate) and
    /// 126 (reject mediation: refusing to sit down with the mediators); other rejections (of cooperation, aid, reform,
    /// demands) are no refusal of contact. Reductions of relations split by what is cut: contact itself (16, 160
    /// reduce relations, 161 break diplomatic relations and cancel meetings, 164 halt negotiations, 165 halt mediation,
    /// 166x expel or withdraw, as PLOVER's SANCTION/expel and /withdraw) is a suspension; material exchange (162x cut
    /// aid, 163 embargo and sanctions) is a sanction.
    /// </summary>
    public static EngagementKind KindOf(string code) => code switch
    {
        "040" or "044" or "046" => EngagementKind.Meeting,
        "041" => EngagementKind.Call,
        "042" or "043" => EngagementKind.Visit,
        "036" => EngagementKind.Planned,
        "125" or "126" => EngagementKind.Rebuff,
        "16" or "160" or "161" or "164" or "165" or "166" or "1661" or "1662" or "1663" => EngagementKind.Suspension,
        "162" or "1621" or "1622" or "1623" or "163" => EngagementKind.Sanction,
        _ => EngagementKind.Coded,
    };

    /// <summary>CAMEO codes a visit twice; 043 is the host's row, with the host as source (actor 1).</summary>
    public static bool IsHostRow(string code) => code == "043";
}

/// <summary>A CAMEO code of the table with the kind of engagement it makes.</summary>
internal sealed record CodedKind(CameoCode Cameo, EngagementKind Kind);
