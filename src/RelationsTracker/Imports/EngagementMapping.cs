using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>
/// The mapping shared by every format, from a coded event to the contract's <see cref="RecordEngagement"/>: the
/// countries of both sides, the direction of a visit, and the pairing of the two rows CAMEO gives a visit.
/// </summary>
internal static class EngagementMapping
{
    private static readonly string[] KindNames = Enum.GetValues<EngagementKind>().Select(k => k.ToString().ToLowerInvariant()).ToArray();

    /// <summary>
    /// Checks the countries (<see cref="CheckCountries"/>) and builds the engagement.
    /// <para>
    /// Visit pairs: CAMEO codes one visit twice, 042 (visitor to host) and 043 (host to visitor); our visit's initiator is
    /// the visitor and its counterpart the host. Both rows get the sourceId
    /// <c>{prefix}:{date}:{visitor}:{host}:{story}</c>, the story being what identifies the report (ICEWS Story ID and
    /// sentence, a digest of GDELT's source URL); whichever half comes first is imported, the other is a
    /// <see cref="SkipReason.Duplicate"/>. A visit row without a story (GDELT's 57-column backfile has no URL, an ICEWS
    /// story may be NA) cannot be told from another visit between the same countries on the same day, so it keeps the
    /// data set's own id and is not paired.
    /// </para>
    /// </summary>
    public static ImportedRow Map(CodedEvent e, VisitPairs visits)
    {
        if (CheckCountries(e.Line, e.Source.Country, e.Source.Field, e.Target.Country, e.Target.Field) is { } skip)
        {
            return skip;
        }

        var (initiator, counterpart) = e.SourceIsHost ? (e.Target, e.Source) : (e.Source, e.Target);
        var sourceId = e.SourceId;
        if (e.Kind == EngagementKind.Visit && e.VisitStory is { Prefix: var prefix, Story: var story })
        {
            sourceId = Limit($"{prefix}:{e.OccurredOn}:{initiator.Country.Alpha3}:{counterpart.Country.Alpha3}:{story}");
            if (!visits.IsFirst(sourceId))
            {
                return new ImportedRow.Skipped(e.Line, SkipReason.Duplicate,
                    $"Line {e.Line}: the other half of visit {sourceId} (CAMEO 042/043 pair of the same report) was read earlier in this file.");
            }
        }

        var engagement = new RecordEngagement
        {
            SourceId = sourceId,
            Kind = KindName(e.Kind),
            OccurredOn = e.OccurredOn,
            EndedOn = e.EndedOn,
            Initiator = ToParticipant(initiator),
            Counterpart = ToParticipant(counterpart),
            Location = e.Location,
            Summary = e.Summary,
            Cameo = e.Cameo,
            Goldstein = e.Goldstein,
            Source = e.Publisher is null && e.Url is null && e.PublishedOn is null
                ? null
                : new SourceReference { Publisher = e.Publisher, Url = e.Url, PublishedOn = e.PublishedOn },
        };
        return new ImportedRow.Accepted(e.Line, engagement);
    }

    /// <summary>The id a data set row keeps, cut to the contract's limit.</summary>
    public static string Limit(string sourceId) =>
        sourceId.Length <= EngagementValidator.MaxSourceIdLength ? sourceId : sourceId[..EngagementValidator.MaxSourceIdLength];

    /// <summary>
    /// The country checks, in this order: a side without a country (either side), a side whose country is not
    /// recognised, the same country on both sides. Readers call it before reading the rest of a row, which most rows of
    /// GDELT never need.
    /// </summary>
    public static ImportedRow.Skipped? CheckCountries(long line, CountryMatch source, string sourceField, CountryMatch target, string targetField)
    {
        if (source.IsMissing || target.IsMissing)
        {
            return new ImportedRow.Skipped(line, SkipReason.MissingCountry,
                $"Line {line}: {(source.IsMissing ? sourceField : targetField)} is missing: that actor has no country (a non-state or unidentified actor).");
        }

        if (source.Alpha3 is null || target.Alpha3 is null)
        {
            var (unknown, field) = source.Alpha3 is null ? (source, sourceField) : (target, targetField);
            var note = unknown.Note is { } known ? $" ({known})" : string.Empty;
            return new ImportedRow.Skipped(line, SkipReason.UnknownCountry,
                $"Line {line}: {field} '{unknown.Unrecognised}'{note} is not an ISO 3166-1 country.");
        }

        return source.Alpha3 == target.Alpha3
            ? new ImportedRow.Skipped(line, SkipReason.Domestic, $"Line {line}: both sides are {source.Alpha3}: domestic, not between two countries.")
            : null;
    }

    private static Participant ToParticipant(EventSide side) => new()
    {
        Country = side.Country.Alpha3,
        Name = side.Name,
        Title = side.Title,
        Sector = SectorRules.NameOf(side.Sector),
    };

    private static string KindName(EngagementKind kind) => KindNames[(int)kind];
}
