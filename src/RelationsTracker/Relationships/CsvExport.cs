using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http;
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

/// <summary>The listing, a timeline and a channel's history as CSV (CsvHelper), for the API's <c>format=csv</c> and the command line.</summary>
public static class CsvExport
{
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
        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
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
