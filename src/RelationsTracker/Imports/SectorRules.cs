using System.Collections.Concurrent;
using System.Collections.Frozen;
using RelationsTracker.Engagements;

namespace RelationsTracker.Imports;

/// <summary>
/// Turns a data set's description of an actor (ICEWS sector lists, CAMEO/GDELT actor type codes, PLOVER sectors) into
/// one of our participant sectors. An actor usually carries several labels ("Government,Executive,Defense / Security
/// Ministry,Military"); the most specific wins, in this order: defense, military, diplomatic, climate, economic,
/// legislative, executive, other. A ministry's portfolio says more about whom the actor speaks for than the branch of
/// government it sits in, and "executive" comes last because a head of state or government speaks for everything.
/// </summary>
internal static class SectorRules
{
    // Exact labels first: the ICEWS sector names and the CAMEO actor role codes that say something about a channel.
    // CAMEO's GOV covers every part of a government (ministries, ambassadors, cabinets), and ICEWS's plain "Executive"
    // every member of the executive branch; neither says the actor leads the country, and calling them executive would
    // put ordinary government contacts on the leaders channel, so both are "other" (the contact is then diplomatic).
    private static readonly FrozenDictionary<string, Sector> Labels = new Dictionary<string, Sector>(StringComparer.OrdinalIgnoreCase)
    {
        ["Executive Office"] = Sector.Executive,
        ["Executive"] = Sector.Other,
        ["Government"] = Sector.Other,
        ["Foreign Ministry"] = Sector.Diplomatic,
        ["Defense / Security Ministry"] = Sector.Defense,
        ["Military"] = Sector.Military,
        ["Legislative / Parliamentary"] = Sector.Legislative,
        ["Finance / Economy / Commerce / Trade Ministry"] = Sector.Economic,
        ["Environment Ministry"] = Sector.Climate,
        ["GOV"] = Sector.Other,
        ["MIL"] = Sector.Military,
        ["SPY"] = Sector.Defense,
        ["LEG"] = Sector.Legislative,
        ["BUS"] = Sector.Economic,
        ["MNC"] = Sector.Economic,
        ["ENV"] = Sector.Climate,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Sector>.AlternateLookup<ReadOnlySpan<char>> LabelsBySpan =
        Labels.GetAlternateLookup<ReadOnlySpan<char>>();

    // Other labels by what they mention; checked in order, so "defense" wins over "ministry of trade and defense".
    private static readonly (string Word, Sector Sector)[] Keywords =
    [
        ("defense", Sector.Defense), ("defence", Sector.Defense),
        ("military", Sector.Military), ("army", Sector.Military), ("navy", Sector.Military), ("air force", Sector.Military), ("armed forces", Sector.Military),
        ("foreign", Sector.Diplomatic), ("diplomat", Sector.Diplomatic), ("embassy", Sector.Diplomatic), ("ambassador", Sector.Diplomatic),
        ("climate", Sector.Climate), ("environment", Sector.Climate),
        ("econom", Sector.Economic), ("finance", Sector.Economic), ("commerce", Sector.Economic), ("trade", Sector.Economic), ("business", Sector.Economic), ("treasury", Sector.Economic),
        ("legislat", Sector.Legislative), ("parliament", Sector.Legislative),
        ("head of state", Sector.Executive), ("head of government", Sector.Executive), ("executive office", Sector.Executive),
    ];

    // The keyword search is the slow path; a data set uses a few hundred distinct labels, so each is searched once. The
    // cap keeps memory bounded should a file carry free text instead of labels.
    private const int MaxRemembered = 10_000;

    private static readonly ConcurrentDictionary<string, Sector> Remembered = new(StringComparer.OrdinalIgnoreCase);

    private static readonly ConcurrentDictionary<string, Sector>.AlternateLookup<ReadOnlySpan<char>> RememberedBySpan =
        Remembered.GetAlternateLookup<ReadOnlySpan<char>>();

    private static int rememberedCount;

    private static readonly Sector[] Precedence =
        [Sector.Defense, Sector.Military, Sector.Diplomatic, Sector.Climate, Sector.Economic, Sector.Legislative, Sector.Executive, Sector.Other];

    private static readonly string[] Names = Enum.GetValues<Sector>().Select(s => s.ToString().ToLowerInvariant()).ToArray();

    /// <summary>The most specific sector of a list of labels separated by <paramref name="separator"/>; null when the
    /// list is empty, so that the app applies its default.</summary>
    public static Sector? Classify(ReadOnlySpan<char> labels, char separator)
    {
        Sector? best = null;
        foreach (var range in labels.Split(separator))
        {
            var label = labels[range].Trim();
            if (!label.IsEmpty && !label.SequenceEqual("NA"))
            {
                best = MoreSpecific(best, Of(label));
            }
        }

        return best;
    }

    /// <summary>The most specific of several single labels (GDELT's three type codes).</summary>
    public static Sector? Classify(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third) =>
        MoreSpecific(MoreSpecific(Classify(first, '\t'), Classify(second, '\t')), Classify(third, '\t'));

    /// <summary>The contract's name of a sector ("defense").</summary>
    public static string? NameOf(Sector? sector) => sector is { } s ? Names[(int)s] : null;

    private static Sector Of(ReadOnlySpan<char> label)
    {
        if (LabelsBySpan.TryGetValue(label, out var sector) || RememberedBySpan.TryGetValue(label, out sector))
        {
            return sector;
        }

        sector = ByKeyword(label);
        if (Interlocked.Increment(ref rememberedCount) <= MaxRemembered)
        {
            RememberedBySpan.TryAdd(label, sector);
        }

        return sector;
    }

    private static Sector ByKeyword(ReadOnlySpan<char> label)
    {
        foreach (var (word, keywordSector) in Keywords)
        {
            if (label.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return keywordSector;
            }
        }

        return Sector.Other;
    }

    private static Sector? MoreSpecific(Sector? a, Sector? b) =>
        a is null ? b : b is null ? a : Array.IndexOf(Precedence, a.Value) <= Array.IndexOf(Precedence, b.Value) ? a : b;
}
