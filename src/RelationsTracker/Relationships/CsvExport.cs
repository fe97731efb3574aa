using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Listing;
using RelationsTracker.Relationships.Timeline;

namespace RelationsTracker.Relationships;

/// <summary>How an answer is written: JSON, or CSV with a header row for a spreadsheet.</summary>
public enum AnswerFormat
{
    Json,
    Csv,
}

/// <summary>
/// The listing, a timeline and a channel's history as CSV (CsvHelper), for the API (<c>format=csv</c> or
/// <c>Accept: text/csv</c>) and the command line.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv";

    private static readonly MediaTypeHeaderValue Csv = new(ContentType);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// The format an answer is asked in: <paramref name="format"/> when given (noted as a problem when unknown), else
    /// CSV when the Accept header prefers text/csv to JSON, else JSON. The answer says that it varies with Accept, so
    /// that a cache keeps the two apart.
    /// </summary>
    public static AnswerFormat Negotiate(QueryArguments arguments, string? format, HttpRequest request)
    {
        request.HttpContext.Response.Headers.Vary = HeaderNames.Accept;
        if (format is not null)
        {
            return arguments.Word<AnswerFormat>(format, "format") ?? AnswerFormat.Json;
        }

        var accepted = request.GetTypedHeaders().Accept;
        double Quality(MediaTypeHeaderValue type) =>
            accepted.Where(type.IsSubsetOf).Select(range => range.Quality ?? 1).DefaultIfEmpty(0).Max();

        // A tie (*/*, or no Accept at all) keeps JSON, the API's default.
        return Quality(Csv) > Quality(Json) ? AnswerFormat.Csv : AnswerFormat.Json;
    }

    /// <summary>One row per relationship and channel: relationship,channel,status,since.</summary>
    public static async Task WriteListingAsync(TextWriter output, IReadOnlyList<RelationshipOverview> relationships)
    {
        // The writer belongs to the caller: leave it open.
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        await RecordAsync(csv, "relationship", "channel", "status", "since");
        foreach (var relationship in relationships)
        {
            foreach (var channel in relationship.Channels)
            {
                await RecordAsync(
                    csv,
                    relationship.Relationship,
                    QueryArguments.Spelling(channel.Channel),
                    QueryArguments.Spelling(channel.Status),
                    channel.Since ?? string.Empty);
            }
        }
    }

    /// <summary>One row per engagement, in the timeline's order.</summary>
    public static async Task WriteTimelineAsync(TextWriter output, IReadOnlyList<Engagement> engagements)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        await RecordAsync(
            csv, "sourceId", "occurredOn", "kind", "channel", "initiator", "counterpart", "summary", "publisher", "url");
        foreach (var engagement in engagements)
        {
            await RecordAsync(
                csv,
                engagement.SourceId,
                engagement.OccurredOn.ToString(),
                QueryArguments.Spelling(engagement.Kind),
                QueryArguments.Spelling(engagement.Channel),
                engagement.Initiator.Describe(),
                engagement.Counterpart.Describe(),
                engagement.Summary ?? string.Empty,
                engagement.Source?.Publisher ?? string.Empty,
                engagement.Source?.Url ?? string.Empty);
        }
    }

    /// <summary>One row per status interval: status,from,to,reason,decidedBy (sourceIds separated by spaces).</summary>
    public static async Task WriteHistoryAsync(TextWriter output, IReadOnlyList<HistoryInterval> intervals)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        await RecordAsync(csv, "status", "from", "to", "reason", "decidedBy");
        foreach (var interval in intervals)
        {
            await RecordAsync(
                csv,
                QueryArguments.Spelling(interval.Status),
                interval.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                interval.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                interval.Reason,
                string.Join(' ', interval.DecidedBy));
        }
    }

    /// <summary>A CSV answer, offered as a file of that name.</summary>
    public static async Task<IResult> AnswerAsync(string fileName, Func<TextWriter, Task> write)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await write(text);
        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), ContentType + "; charset=utf-8", fileName);
    }

    private static async Task RecordAsync(CsvWriter csv, params string[] fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }

        await csv.NextRecordAsync();
    }
}
