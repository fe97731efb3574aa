using System.Runtime.CompilerServices;
using System.Text.Json;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Submitting;

/// <summary>One entry of an engagement file: the engagement, or why its text could not be read.</summary>
/// <param name="Position">How far into the file reading has got (in bytes, approximately: reads are buffered).</param>
public sealed record FileEntry(int Number, RecordEngagement? Engagement, string? Problem, long Position);

/// <summary>Reads engagements from a JSON array or a JSON-lines file, one at a time.</summary>
public static class EngagementFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async IAsyncEnumerable<FileEntry> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var stream = File.OpenRead(path);
        var first = stream.ReadByte();
        while (first is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
        {
            first = stream.ReadByte();
        }

        stream.Position = 0;
        if (first == '[')
        {
            var number = 0;
            await foreach (var engagement in JsonSerializer.DeserializeAsyncEnumerable<RecordEngagement>(stream, Json, cancellation))
            {
                number++;
                yield return engagement is null
                    ? new FileEntry(number, null, $"item {number} is null", stream.Position)
                    : new FileEntry(number, engagement, null, stream.Position);
            }

            yield break;
        }

        using var reader = new StreamReader(stream);
        var line = 0;
        while (await reader.ReadLineAsync(cancellation) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return ParseLine(line, text) with { Position = stream.Position };
        }
    }

    private static FileEntry ParseLine(int line, string text)
    {
        try
        {
            return JsonSerializer.Deserialize<RecordEngagement>(text, Json) is { } engagement
                ? new FileEntry(line, engagement, null, 0)
                : new FileEntry(line, null, $"line {line} is null", 0);
        }
        catch (JsonException e)
        {
            return new FileEntry(line, null, $"line {line} is not valid JSON: {e.Message}", 0);
        }
    }
}
