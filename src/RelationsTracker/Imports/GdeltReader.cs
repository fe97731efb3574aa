using System.Globalization;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Imports;

/// <summary>
/// Where the fields the tracker uses sit in a GDELT events row (0-based). The two versions share the first 35 columns;
/// GDELT 2.0 adds an ADM2 code after each of the three ADM1 codes, which shifts the action geography, DATEADDED and
/// SOURCEURL. Layouts from the GDELT 1.0 and 2.0 event codebooks (http://data.gdeltproject.org/documentation/).
/// </summary>
internal sealed record GdeltLayout(ImportFormat Format, int MinColumns, int MaxColumns, int ActionGeoFullName, int DateAdded, int SourceUrl)
{
    public const int GlobalEventId = 0;
    public const int SqlDate = 1;
    public const int Actor1Name = 6;
    public const int Actor1CountryCode = 7;
    public const int Actor1Type1Code = 12;
    public const int Actor2Name = 16;
    public const int Actor2CountryCode = 17;
    public const int Actor2Type1Code = 22;
    public const int EventCode = 26;
    public const int GoldsteinScale = 30;

    /// <summary>57 columns in the backfile (to March 2013), 58 in the daily files, whose last is SOURCEURL.</summary>
    public static readonly GdeltLayout Version1 = new(ImportFormat.Gdelt1, 57, 58, ActionGeoFullName: 50, DateAdded: 56, SourceUrl: 57);

    public static readonly GdeltLayout Version2 = new(ImportFormat.Gdelt2, 61, 61, ActionGeoFullName: 52, DateAdded: 59, SourceUrl: 60);
}

/// <summary>
/// GDELT 1.0 and 2.0 event files. Actor countries are CAMEO country codes; an empty one is a non-state or unidentified
/// actor. Each row's id is <c>gdelt:{GLOBALEVENTID}</c>; DATEADDED (YYYYMMDD, or YYYYMMDDHHMMSS in 2.0) becomes the
/// source's publication date.
/// </summary>
internal sealed class GdeltReader(GdeltLayout layout) : IEngagementFileReader
{
    public ImportFormat Format => layout.Format;

    public IEnumerable<ImportedRow> Read(TextReader reader)
    {
        var fields = new Range[layout.MaxColumns + 1];
        var visits = new VisitPairs();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ReadRow(line, lineNumber, fields, visits);
            }
        }
    }

    private ImportedRow ReadRow(string text, long lineNumber, Range[] fields, VisitPairs visits)
    {
        var line = text.AsSpan().TrimEnd('\r');
        var columns = ImportText.SplitTabs(line, fields);
        if (columns < layout.MinColumns || columns > layout.MaxColumns)
        {
            var expected = layout.MinColumns == layout.MaxColumns ? $"{layout.MinColumns}" : $"{layout.MinColumns} or {layout.MaxColumns}";
            var seen = columns > layout.MaxColumns ? $"more than {layout.MaxColumns}" : $"{columns}";
            return Skip(lineNumber, SkipReason.Malformed, $"has {seen} tab-separated columns; {layout.Format} rows have {expected}.");
        }

        var id = line[fields[GdeltLayout.GlobalEventId]].Trim();
        if (id.IsEmpty)
        {
            return Skip(lineNumber, SkipReason.Malformed, "has no GLOBALEVENTID.");
        }

        var sqlDate = line[fields[GdeltLayout.SqlDate]];
        if (ImportText.CompactDate(sqlDate) is not { } occurredOn || sqlDate.Trim().Length != 8)
        {
            return Skip(lineNumber, SkipReason.UnparseableDate, $"SQLDATE '{sqlDate}' is not a YYYYMMDD day.");
        }

        var code = line[fields[GdeltLayout.EventCode]].Trim();
        if (!CameoKinds.TryFind(code, out var coded))
        {
            return Skip(lineNumber, SkipReason.UnparseableCode, $"EventCode '{code}' is not in the CAMEO table.");
        }

        var actor1Country = CountryLookup.ByCode(line[fields[GdeltLayout.Actor1CountryCode]]);
        var actor2Country = CountryLookup.ByCode(line[fields[GdeltLayout.Actor2CountryCode]]);
        if (EngagementMapping.CheckCountries(lineNumber, actor1Country, "Actor1CountryCode", actor2Country, "Actor2CountryCode") is { } skip)
        {
            return skip;
        }

        var url = columns > layout.SourceUrl ? ImportText.HttpUrl(ImportText.Text(line[fields[layout.SourceUrl]], int.MaxValue)) : null;
        var sourceId = EngagementMapping.Limit($"gdelt:{id}");
        return EngagementMapping.Map(new CodedEvent
        {
            Line = lineNumber,
            SourceId = sourceId,
            OccurredOn = occurredOn,
            Kind = coded.Kind,
            Cameo = coded.Cameo.Code,
            Goldstein = double.TryParse(line[fields[GdeltLayout.GoldsteinScale]], NumberStyles.Float, CultureInfo.InvariantCulture, out var goldstein)
                ? goldstein
                : null,
            Source = Side(line, fields, actor1Country, GdeltLayout.Actor1Name, GdeltLayout.Actor1Type1Code, "Actor1CountryCode"),
            Target = Side(line, fields, actor2Country, GdeltLayout.Actor2Name, GdeltLayout.Actor2Type1Code, "Actor2CountryCode"),
            SourceIsHost = CameoKinds.IsHostRow(coded.Cameo.Code),
            VisitStory = coded.Kind == EngagementKind.Visit && url is not null ? ("gdelt-visit", ImportText.Digest(url)) : null,
            Location = ImportText.Text(line[fields[layout.ActionGeoFullName]], EngagementValidator.MaxNameLength),
            Url = url,
            PublishedOn = ImportText.CompactDate(line[fields[layout.DateAdded]]),
        }, visits);
    }

    private static EventSide Side(ReadOnlySpan<char> line, Range[] fields, CountryMatch country, int name, int type1, string field) => new(
        country,
        ImportText.Text(line[fields[name]], EngagementValidator.MaxNameLength),
        null,
        SectorRules.Classify(line[fields[type1]], line[fields[type1 + 1]], line[fields[type1 + 2]]),
        field);

    private static ImportedRow.Skipped Skip(long line, SkipReason reason, string detail) => new(line, reason, $"Line {line}: {detail}");
}
