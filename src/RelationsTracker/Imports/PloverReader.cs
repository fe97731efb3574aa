using System.Text.Json;
using System.Text.Json.Serialization;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>
/// PLOVER events as JSON lines (the PLOVER data format of openeventdata/PLOVER): <c>id, date, enddate, actor[],
/// recipient[], event[], mode[], context[], quad_code, event_scale, link, text, cite_info</c>, an actor being
/// <c>{code, sector, entity_text, office, identifier_id}</c>. The first actor and the first recipient are the two sides
/// (a PLOVER visit has the visitor as actor and the host as recipient, as our visit does; PLOVER codes it once, so
/// there is no pair to join). Each row's id is <c>plover:{id}</c>. PLOVER has no CAMEO code and no Goldstein score:
/// the event type and mode decide the kind (<see cref="KindOf"/>).
/// </summary>
internal sealed class PloverReader : IEngagementFileReader
{
    public ImportFormat Format => ImportFormat.Plover;

    public IEnumerable<ImportedRow> Read(TextReader reader)
    {
        var visits = new VisitPairs();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ReadRow(line, lineNumber, visits);
            }
        }
    }

    /// <summary>
    /// Our kind for a PLOVER event type and its modes, with the CAMEO code of a <c>coded</c> event: the PLOVER types
    /// that are kinds of ours (CONSULT: visit, phone, else a meeting; AGREE/meet: a planned meeting; REQUEST/meet:
    /// outreach; REJECT/meet: a rebuff; SANCTION: discontinue, withdraw or expel cut contact and are a suspension, any
    /// other sanction is a sanction), and otherwise the CAMEO root code of the same meaning (AGREE 03 express intent to
    /// cooperate, SUPPORT 05 diplomatic cooperation, COOPERATE 06, AID 07, CONCEDE and RETREAT 08 yield, REQUEST 02
    /// appeal, ACCUSE 11 disapprove, REJECT 12, THREATEN 13, PROTEST 14, MOBILIZE 15 force posture, COERCE 17,
    /// ASSAULT 18). Null for a type PLOVER does not have.
    /// </summary>
    public static (EngagementKind Kind, string? Cameo)? KindOf(string eventType, IReadOnlyCollection<string> modes) =>
        eventType.ToUpperInvariant() switch
        {
            "CONSULT" when Has(modes, "visit") => (EngagementKind.Visit, null),
            "CONSULT" when Has(modes, "phone") => (EngagementKind.Call, null),
            "CONSULT" => (EngagementKind.Meeting, null),
            "AGREE" when Has(modes, "meet") => (EngagementKind.Planned, null),
            "REQUEST" when Has(modes, "meet") => (EngagementKind.Outreach, null),
            "REJECT" when Has(modes, "meet") => (EngagementKind.Rebuff, null),
            "SANCTION" when Has(modes, "discontinue") || Has(modes, "withdraw") || Has(modes, "expel") => (EngagementKind.Suspension, null),
            "SANCTION" => (EngagementKind.Sanction, null),
            "AGREE" => (EngagementKind.Coded, "03"),
            "SUPPORT" => (EngagementKind.Coded, "05"),
            "COOPERATE" => (EngagementKind.Coded, "06"),
            "AID" => (EngagementKind.Coded, "07"),
            "CONCEDE" or "RETREAT" => (EngagementKind.Coded, "08"),
            "REQUEST" => (EngagementKind.Coded, "02"),
            "ACCUSE" => (EngagementKind.Coded, "11"),
            "REJECT" => (EngagementKind.Coded, "12"),
            "THREATEN" => (EngagementKind.Coded, "13"),
            "PROTEST" => (EngagementKind.Coded, "14"),
            "MOBILIZE" => (EngagementKind.Coded, "15"),
            "COERCE" => (EngagementKind.Coded, "17"),
            "ASSAULT" => (EngagementKind.Coded, "18"),
            _ => null,
        };

    private static bool Has(IReadOnlyCollection<string> modes, string mode) => modes.Contains(mode, StringComparer.OrdinalIgnoreCase);

    private static ImportedRow ReadRow(string line, long lineNumber, VisitPairs visits)
    {
        PloverEvent? plover;
        try
        {
            plover = JsonSerializer.Deserialize(line, PloverJson.Default.PloverEvent);
        }
        catch (JsonException e)
        {
            return Skip(lineNumber, SkipReason.Malformed, $"is not a PLOVER JSON object: {e.Message}");
        }

        var id = plover?.Id is { ValueKind: JsonValueKind.String or JsonValueKind.Number } idValue ? idValue.ToString().Trim() : null;
        if (plover is null || string.IsNullOrEmpty(id))
        {
            return Skip(lineNumber, SkipReason.Malformed, "has no id.");
        }

        if (ImportText.IsoDate(plover.Date) is not { } occurredOn)
        {
            return Skip(lineNumber, SkipReason.UnparseableDate, $"date '{plover.Date}' is not a YYYY-MM-DD day.");
        }

        var eventType = plover.Event?.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e))?.Trim();
        if (eventType is null || KindOf(eventType, plover.Mode ?? []) is not var (kind, cameo))
        {
            return Skip(lineNumber, SkipReason.UnparseableCode, $"event '{eventType}' is not a PLOVER event type.");
        }

        var endedOn = ImportText.IsoDate(plover.EndDate);
        return EngagementMapping.Map(new CodedEvent
        {
            Line = lineNumber,
            SourceId = EngagementMapping.Limit($"plover:{id}"),
            OccurredOn = occurredOn,
            // ISO dates compare as text; an end on or before the start adds nothing (and would be refused).
            EndedOn = string.CompareOrdinal(endedOn, occurredOn) > 0 ? endedOn : null,
            Kind = kind,
            Cameo = cameo,
            Source = Side(plover.Actor, "actor[0].code"),
            Target = Side(plover.Recipient, "recipient[0].code"),
            Summary = ImportText.Limit(plover.Text, EngagementValidator.MaxTextLength),
            Publisher = plover.CiteInfo is { ValueKind: JsonValueKind.String } cite ? ImportText.Limit(cite.GetString(), EngagementValidator.MaxNameLength) : null,
            Url = ImportText.HttpUrl(plover.Link?.Trim()),
        }, visits);
    }

    private static EventSide Side(List<PloverActor>? actors, string field)
    {
        var actor = actors?.FirstOrDefault();
        return new EventSide(
            CountryLookup.ByCode(actor?.Code),
            ImportText.Limit(actor?.EntityText, EngagementValidator.MaxNameLength),
            ImportText.Limit(actor?.Office, EngagementValidator.MaxNameLength),
            SectorRules.Classify(actor?.Sector, ','),
            field);
    }

    private static ImportedRow.Skipped Skip(long line, SkipReason reason, string detail) => new(line, reason, $"Line {line}: {detail}");

    internal sealed record PloverEvent(
        JsonElement? Id,
        string? Date,
        [property: JsonPropertyName("enddate")] string? EndDate,
        List<PloverActor>? Actor,
        List<PloverActor>? Recipient,
        List<string>? Event,
        List<string>? Mode,
        string? Link,
        string? Text,
        [property: JsonPropertyName("cite_info")] JsonElement? CiteInfo);

    internal sealed record PloverActor(
        string? Code,
        string? Sector,
        [property: JsonPropertyName("entity_text")] string? EntityText,
        string? Office);
}

/// <summary>Compiled (source-generated) JSON reading of PLOVER records: about twice as fast as reflection.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(PloverReader.PloverEvent))]
internal sealed partial class PloverJson : JsonSerializerContext;
