using System.Globalization;
using FluentValidation;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>Turns a submitted engagement into a validated one, or says field by field what is wrong.</summary>
public static class Submissions
{
    // Building a validator is far dearer than using one, and it only changes with the date.
    private static (DateOnly Today, EngagementValidator Validator) cached = (default, new EngagementValidator(default));

    public static Engagement Accept(RecordEngagement submission, DateOnly today)
    {
        var current = cached;
        if (current.Today != today)
        {
            current = (today, new EngagementValidator(today));
            cached = current;
        }

        var result = current.Validator.Validate(submission);
        if (!result.IsValid)
        {
            throw new InvalidEngagementException(
                submission.SourceId,
                result.Errors.Select(e => new FieldError(e.PropertyName, Printable(e.ErrorMessage))).ToList());
        }

        return ToEngagement(submission);
    }

    /// <summary>
    /// The text with its control characters spelled out (\u0000): a problem quotes what was submitted, and a dead
    /// letter keeps the problem in a PostgreSQL text column, which refuses NUL.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var printable = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                printable.Append(c);
            }
        }

        return printable.ToString();
    }

    private static Engagement ToEngagement(RecordEngagement s)
    {
        var kind = ParseEnum<EngagementKind>(s.Kind)!.Value;
        var initiator = ToParty(s.Initiator!);
        var counterpart = ToParty(s.Counterpart!);
        var channel = ParseEnum<Channel>(s.Channel);
        var stance = kind == EngagementKind.Statement ? ParseEnum<Stance>(s.Stance) ?? Stance.Neutral : (Stance?)null;
        return new Engagement
        {
            SourceId = s.SourceId!,
            Kind = kind,
            OccurredOn = OccurrenceDate.Parse(s.OccurredOn!),
            EndedOn = ParseDate(s.EndedOn),
            AnnouncedOn = ParseDate(s.AnnouncedOn),
            Initiator = initiator,
            Counterpart = counterpart,
            Channel = channel ?? ChannelRules.Derive(initiator.Sector, counterpart.Sector),
            ChannelDerived = channel is null,
            Stance = stance,
            AssessedStatus = ParseEnum<ChannelStatus>(s.AssessedStatus),
            Retracts = s.Retracts,
            Location = s.Location,
            Summary = s.Summary,
            DurationMinutes = s.DurationMinutes,
            Coding = kind is EngagementKind.Assessment or EngagementKind.Retraction
                ? null
                : CameoCodes.CodingFor(kind, stance, s.Cameo, s.Goldstein),
            Source = s.Source is { } source
                ? new Source(source.Publisher, source.Url, ParseDate(source.PublishedOn), source.Quote)
                : null,
        };
    }

    private static Party ToParty(Participant p) =>
        new(p.Country!, p.Name, p.Title, ParseEnum<Sector>(p.Sector) ?? Sector.Other);

    private static OccurrenceDate? ParseDate(string? text) => text is null ? null : OccurrenceDate.Parse(text);

    private static TEnum? ParseEnum<TEnum>(string? text)
        where TEnum : struct, Enum =>
        text is not null && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) ? value : null;
}

/// <summary>A field of a submission and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Problem);

/// <summary>A submission that fails validation; nothing of it is stored.</summary>
public sealed class InvalidEngagementException(string? sourceId, IReadOnlyList<FieldError> errors, bool retractsWhatIsNotRecorded = false)
    : Exception($"Engagement '{(sourceId is null ? null : Submissions.Printable(sourceId))}' is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Problem}")))
{
    public string? SourceId { get; } = sourceId;

    public IReadOnlyList<FieldError> Errors { get; } = errors;

    /// <summary>A retraction whose only fault is that the engagement it retracts is not recorded, or not yet.</summary>
    public bool RetractsWhatIsNotRecorded { get; } = retractsWhatIsNotRecorded;
}

/// <summary>No engagement is recorded under the sourceId.</summary>
public sealed class EngagementNotFoundException(string sourceId) : Exception($"No engagement '{sourceId}' is recorded.")
{
    public string SourceId { get; } = sourceId;
}

/// <summary>The sourceId is already stored with different content; a correction must be asked for explicitly.</summary>
public sealed class EngagementConflictException(string sourceId)
    : Exception($"Engagement '{sourceId}' is already recorded with different content.")
{
    public string SourceId { get; } = sourceId;
}
