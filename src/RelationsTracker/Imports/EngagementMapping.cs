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
    /// Checks the countries (missing on either side first, then unrecognised, then domestic) and builds the engagement.
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
        if (Problem(e) is { } skip)
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
                    $"Line {e.Line}: the other half of visit {sourceId} (CAMEO 042/043 pair of the same report) is already imported from this file.");
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

    private static ImportedRow.Skipped? Problem(CodedEvent e)
    {
        foreach (var side in (ReadOnlySpan<EventSide>)[e.Source, e.Target])
        {
            if (side.Country.IsMissing)
            {
                return new ImportedRow.Skipped(e.Line, SkipReason.MissingCountry,
                    $"Line {e.Line}: {side.Field} is missing: the actor{NameNote(side)} has no country (a non-state or unidentified actor).");
            }
        }

        foreach (var side in (ReadOnlySpan<EventSide>)[e.Source, e.Target])
        {
            if (side.Country.Alpha3 is null)
            {
                var note = side.Country.Note is { } known ? $" ({known})" : string.Empty;
                return new ImportedRow.Skipped(e.Line, SkipReason.UnknownCountry,
                    $"Line {e.Line}: {side.Field} '{side.Country.Unrecognised}'{note} is not an ISO 3166-1 country.");
            }
        }

        return e.Source.Country.Alpha3 == e.Target.Country.Alpha3
            ? new ImportedRow.Skipped(e.Line, SkipReason.Domestic,
                $"Line {e.Line}: both sides are {e.Source.Country.Alpha3}: domestic, not between two countries.")
            : null;
    }

    private static string NameNote(EventSide side) => side.Name is { } name ? $" '{name}'" : string.Empty;

    private static Participant ToParticipant(EventSide side) => new()
    {
        Country = side.Country.Alpha3,
        Name = side.Name,
        Title = side.Title,
        Sector = SectorRules.NameOf(side.Sector),
    };

    private static string KindName(EngagementKind kind) => KindNames[(int)kind];
}
