using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// Reads the arguments of a question about relationships — from a URL or a command line — and collects one
/// problem per field, named as the caller spells it (<c>asOf</c> on HTTP, <c>--as-of</c> on the command line).
/// </summary>
/// <param name="clock">Today by this clock bounds the days asked about (<see cref="DateBounds"/>).</param>
public sealed class QueryArguments(TimeProvider clock)
{
    private readonly DateOnly _today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Dictionary<string, string[]> Errors { get; } = [];

    public bool IsValid => Errors.Count == 0;

    /// <summary>An ISO 3166-1 alpha-3 code, in either case.</summary>
    public string? Country(string? value, string field)
    {
        var code = value?.Trim().ToUpperInvariant();
        if (code is { Length: 3 } && code.All(char.IsAsciiLetterUpper) && Countries.IsKnown(code))
        {
            return code;
        }

        Errors[field] = [$"'{value}' is not an ISO 3166-1 alpha-3 country code (e.g. USA, CHN)."];
        return null;
    }

    /// <summary>The relationship key of two different countries, or null (with the problems noted).</summary>
    public string? Pair(string? a, string? b, string fieldA, string fieldB)
    {
        var first = Country(a, fieldA);
        var second = Country(b, fieldB);
        if (first is not null && first == second)
        {
            Errors[fieldB] = ["A relationship needs two different countries."];
            return null;
        }

        return first is null || second is null ? null : RelationshipKey.For(first, second);
    }

    /// <summary>A pair written "USA-CHN" (either order, either case).</summary>
    public string? Pair(string value, string field)
    {
        var parts = value.Split('-');
        if (parts.Length != 2)
        {
            Errors[field] = [$"'{value}' is not a pair of countries: use two ISO 3166-1 alpha-3 codes, e.g. USA-CHN."];
            return null;
        }

        return Pair(parts[0], parts[1], field, field);
    }

    /// <summary>A calendar day within the date bounds, YYYY-MM-DD; null when absent.</summary>
    public DateOnly? Day(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Errors[field] = [$"'{value}' is not a date: use YYYY-MM-DD."];
            return null;
        }

        return Bounded(day, value, field) ? day : null;
    }

    /// <summary>
    /// A recording moment: a day (YYYY-MM-DD) means the end of that day, UTC; or a full ISO 8601 timestamp,
    /// UTC unless it names its offset. Null when absent.
    /// </summary>
    public DateTimeOffset? KnownAt(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Bounded(day, value, field)
                ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1)
                : null;
        }

        if (value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return Bounded(DateOnly.FromDateTime(moment.UtcDateTime), value, field) ? moment.ToUniversalTime() : null;
        }

        Errors[field] = [$"'{value}' is not a moment: use YYYY-MM-DD (the end of that day, UTC) or an ISO 8601 timestamp such as 2023-07-13T09:30:00Z."];
        return null;
    }

    private bool Bounded(DateOnly day, string value, string field)
    {
        if (DateBounds.Within(day, _today))
        {
            return true;
        }

        Errors[field] = [DateBounds.OutOfBounds(value, _today)];
        return false;
    }

    /// <summary>The longest search by country name: longer than any country's name.</summary>
    public const int MaxSearchLength = 100;

    /// <summary>The countries a search by name finds (<see cref="Countries.Matching"/>); null when absent or blank.</summary>
    public IReadOnlyList<string>? Search(string? value, string field)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxSearchLength)
        {
            Errors[field] = [$"A search by country name is at most {MaxSearchLength} characters."];
            return null;
        }

        return Countries.Matching(text);
    }

    /// <summary>true or false, in either case; null when absent.</summary>
    public bool? Flag(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        Errors[field] = [$"'{value}' is not one of: true, false."];
        return null;
    }

    /// <summary>
    /// The filter of a relationship listing, from its <c>country</c>, <c>q</c>, <c>channel</c>, <c>status</c> and
    /// <c>hideUnknown</c> arguments; <paramref name="hideByDefault"/> when <c>hideUnknown</c> is absent.
    /// </summary>
    public Listing.RelationshipFilter Filter(string? country, string? q, string? channel, string? status, string? hideUnknown, bool? hideByDefault) =>
        new(country is null ? null : Country(country, "country"), Word<Channel>(channel, "channel"), Word<ChannelStatus>(status, "status"))
        {
            EitherCountry = Search(q, "q"),
            HideAllUnknown = Flag(hideUnknown, "hideUnknown") ?? hideByDefault,
        };

    /// <summary>A word of the vocabulary (channel, status, kind), as the JSON spells it; null when absent.</summary>
    public TEnum? Word<TEnum>(string? value, string field)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        foreach (var word in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Spelling(word), value, StringComparison.OrdinalIgnoreCase))
            {
                return word;
            }
        }

        Errors[field] = [$"'{value}' is not one of: {string.Join(", ", Enum.GetValues<TEnum>().Select(Spelling))}."];
        return null;
    }

    /// <summary>A whole number within bounds; <paramref name="absent"/> when not given.</summary>
    public int Number(string? value, string field, int absent, int least, int most)
    {
        if (value is null)
        {
            return absent;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= least && number <= most)
        {
            return number;
        }

        Errors[field] = [$"'{value}' is not a whole number from {least} to {most}."];
        return absent;
    }

    /// <summary>Notes a period whose start comes after its end.</summary>
    public void Period(DateOnly? from, DateOnly? to, string fromField)
    {
        if (from > to)
        {
            Errors[fromField] = [$"The period starts ({from:yyyy-MM-dd}) after it ends ({to:yyyy-MM-dd})."];
        }
    }

    /// <summary>The problems as an RFC 7807 answer (400).</summary>
    public IResult Problem() => Results.ValidationProblem(Errors, title: "The request is not valid.");

    /// <summary>The problems, one line per field, for the command line.</summary>
    public IEnumerable<string> Lines() => Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}");

    public static string Spelling<TEnum>(TEnum word)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(word.ToString());

    /// <summary>RFC 7807 answer for a relationship with no engagement on record.</summary>
    public static IResult RelationshipNotFound(string a, string b) =>
        Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Relationship not found.",
            detail: $"No engagement between {a.ToUpperInvariant()} and {b.ToUpperInvariant()} has been recorded.");

    /// <summary>RFC 7807 answer for a relationship with nothing in force as known at a moment.</summary>
    public static IResult NothingKnownAt(string relationshipId, DateTimeOffset knownAt, DateTimeOffset? firstRecorded) =>
        Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Nothing on record at that moment.",
            detail: NothingKnownAtDetail(relationshipId, knownAt, firstRecorded));

    /// <summary>
    /// Why nothing was known at the moment: nothing had been recorded yet (and when the first was), nothing ever was, or
    /// everything recorded by then had been retracted by then.
    /// </summary>
    public static string NothingKnownAtDetail(string relationshipId, DateTimeOffset knownAt, DateTimeOffset? firstRecorded)
    {
        var pair = string.Join(" and ", RelationshipKey.Countries(relationshipId));
        return firstRecorded switch
        {
            null => $"No engagement between {pair} has been recorded.",
            { } first when first > knownAt =>
                $"Nothing between {pair} was on record as known at {Moment(knownAt)}: the first engagement between them was recorded at {Moment(first)}.",
            _ => $"Nothing between {pair} was in force as known at {Moment(knownAt)}: what had been recorded by then had been retracted.",
        };
    }

    private static string Moment(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
