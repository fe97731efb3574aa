using System.Globalization;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>
/// ICEWS event files (Harvard Dataverse, doi:10.7910/DVN/28075): tab-separated, a header row naming the columns (found
/// by name, so their order may vary), <c>NA</c> for a missing value, countries as English names, sectors as
/// comma-joined lists, <c>Intensity</c> as the Goldstein score. Each row's id is <c>icews:{date}:{Event ID}</c>, an
/// Event ID being unique only together with its date. One older yearly file has M/D/YYYY dates and no CAMEO Code
/// column; its rows are all <see cref="SkipReason.UnparseableCode"/>, since the kind cannot be told without the code.
/// </summary>
internal sealed class IcewsReader : IEngagementFileReader
{
    private static readonly string[] RequiredColumns = ["Event ID", "Event Date", "Source Country", "Target Country"];

    public ImportFormat Format => ImportFormat.Icews;

    public IEnumerable<ImportedRow> Read(TextReader reader)
    {
        long lineNumber = 0;
        string? header;
        do
        {
            header = reader.ReadLine();
            lineNumber++;
        }
        while (header is not null && string.IsNullOrWhiteSpace(header));

        if (header is null)
        {
            yield break;
        }

        var columns = IcewsColumns.From(header.TrimEnd('\r'));
        var fields = new Range[columns.Count + 1];
        var visits = new VisitPairs();
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ReadRow(line, lineNumber, columns, fields, visits);
            }
        }
    }

    private static ImportedRow ReadRow(string text, long lineNumber, IcewsColumns c, Range[] fields, VisitPairs visits)
    {
        var line = text.AsSpan().TrimEnd('\r');
        var count = ImportText.SplitTabs(line, fields);
        if (count != c.Count)
        {
            var seen = count > c.Count ? $"more than {c.Count}" : $"{count}";
            return Skip(lineNumber, SkipReason.Malformed, $"has {seen} tab-separated columns; the header has {c.Count}.");
        }

        var eventId = line[fields[c.EventId]].Trim();
        if (eventId.IsEmpty || eventId.SequenceEqual("NA"))
        {
            return Skip(lineNumber, SkipReason.Malformed, "has no Event ID.");
        }

        var date = line[fields[c.EventDate]];
        if (ImportText.IcewsDate(date) is not { } occurredOn)
        {
            return Skip(lineNumber, SkipReason.UnparseableDate, $"Event Date '{date}' is neither YYYY-MM-DD nor M/D/YYYY.");
        }

        if (c.CameoCode < 0)
        {
            return Skip(lineNumber, SkipReason.UnparseableCode, "the file has no CAMEO Code column, so the kind of event cannot be told.");
        }

        var code = line[fields[c.CameoCode]].Trim();
        if (!CameoKinds.TryFind(code, out var coded))
        {
            return Skip(lineNumber, SkipReason.UnparseableCode, $"CAMEO Code '{code}' is not in the CAMEO table.");
        }

        var sourceCountry = CountryLookup.ByName(line[fields[c.SourceCountry]]);
        var targetCountry = CountryLookup.ByName(line[fields[c.TargetCountry]]);
        if (EngagementMapping.CheckCountries(lineNumber, sourceCountry, "Source Country", targetCountry, "Target Country") is { } skip)
        {
            return skip;
        }

        var story = Field(line, fields, c.StoryId, int.MaxValue);
        var sentence = Field(line, fields, c.SentenceNumber, int.MaxValue);
        return EngagementMapping.Map(new CodedEvent
        {
            Line = lineNumber,
            SourceId = EngagementMapping.Limit($"icews:{occurredOn}:{eventId}"),
            OccurredOn = occurredOn,
            Kind = coded.Kind,
            Cameo = coded.Cameo.Code,
            Goldstein = c.Intensity >= 0 && double.TryParse(line[fields[c.Intensity]], NumberStyles.Float, CultureInfo.InvariantCulture, out var intensity)
                ? intensity
                : null,
            Source = new EventSide(
                sourceCountry,
                Field(line, fields, c.SourceName, EngagementValidator.MaxNameLength),
                null,
                c.SourceSectors < 0 ? null : SectorRules.Classify(line[fields[c.SourceSectors]], ','),
                "Source Country"),
            Target = new EventSide(
                targetCountry,
                Field(line, fields, c.TargetName, EngagementValidator.MaxNameLength),
                null,
                c.TargetSectors < 0 ? null : SectorRules.Classify(line[fields[c.TargetSectors]], ','),
                "Target Country"),
            SourceIsHost = CameoKinds.IsHostRow(coded.Cameo.Code),
            VisitStory = coded.Kind == EngagementKind.Visit && story is not null && sentence is not null
                ? ("icews-visit", $"{story}:{sentence}")
                : null,
            Location = ImportText.Limit(
                string.Join(", ", new[] { Field(line, fields, c.City, int.MaxValue), Field(line, fields, c.Province, int.MaxValue), Field(line, fields, c.Country, int.MaxValue) }.OfType<string>()),
                EngagementValidator.MaxNameLength),
            Summary = Field(line, fields, c.EventText, EngagementValidator.MaxTextLength),
            Publisher = Field(line, fields, c.Publisher, EngagementValidator.MaxNameLength),
        }, visits);
    }

    private static string? Field(ReadOnlySpan<char> line, Range[] fields, int column, int maxLength) =>
        column < 0 ? null : ImportText.Text(line[fields[column]], maxLength, naIsMissing: true);

    private static ImportedRow.Skipped Skip(long line, SkipReason reason, string detail) => new(line, reason, $"Line {line}: {detail}");

    /// <summary>The positions of the ICEWS columns in one file's header; -1 for a column the file lacks.</summary>
    private sealed record IcewsColumns(
        int Count, int EventId, int EventDate, int SourceName, int SourceSectors, int SourceCountry, int EventText, int CameoCode,
        int Intensity, int TargetName, int TargetSectors, int TargetCountry, int StoryId, int SentenceNumber, int Publisher,
        int City, int Province, int Country)
    {
        public static IcewsColumns From(string header)
        {
            var names = header.TrimStart('\uFEFF').Split('\t').Select(name => name.Trim()).ToList();
            var missing = RequiredColumns.Where(required => !names.Contains(required, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"The ICEWS header lacks the column(s) {string.Join(", ", missing.Select(m => $"\"{m}\""))}, which every row needs.");
            }

            int At(string name) => names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

            return new IcewsColumns(
                names.Count, At("Event ID"), At("Event Date"), At("Source Name"), At("Source Sectors"), At("Source Country"),
                At("Event Text"), At("CAMEO Code"), At("Intensity"), At("Target Name"), At("Target Sectors"), At("Target Country"),
                At("Story ID"), At("Sentence Number"), At("Publisher"), At("City"), At("Province"), At("Country"));
        }
    }
}
