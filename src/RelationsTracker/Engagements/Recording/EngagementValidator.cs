using System.Collections.Frozen;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using FluentValidation;
using RelationsTracker.Contracts;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// The one validation of a submitted engagement, used by every way in (HTTP, queue, command line, imports).
/// Error property names are the JSON paths of the contract ("initiator.country").
/// </summary>
public sealed class EngagementValidator : AbstractValidator<RecordEngagement>
{
    public const int MaxSourceIdLength = 200;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxUrlLength = 2000;
    private const int MaxDurationMinutes = 60 * 24 * 31;

    private static readonly string[] AssessableStatuses = ["open", "stalled", "suspended", "resuming"];

    static EngagementValidator()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }

    public EngagementValidator(DateOnly today)
    {
        // One problem per field is enough: "kind is missing", not also "'' is not a kind".
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(e => e).Custom(RefuseControlCharacters);
        RuleFor(e => e.SourceId).NotEmpty().MaximumLength(MaxSourceIdLength);

        RuleFor(e => e.Kind).NotEmpty()
            .Must(BeOneOf<EngagementKind>).WithMessage(e => $"'{e.Kind}' is not a kind; use one of {Names<EngagementKind>()}.");

        RuleFor(e => e.OccurredOn).NotEmpty().Custom((value, context) => CheckDate(value, today, context));
        RuleFor(e => e.OccurredOn)
            .Must(value => !OccurrenceDate.TryParse(value, out var date, out _) || date.Start <= today)
            .When(e => !IsKind(e, EngagementKind.Planned))
            .WithMessage(e => $"'{e.OccurredOn}' is in the future; only a planned engagement may be.");

        RuleFor(e => e.EndedOn).Custom((value, context) => CheckDate(value, today, context)).When(e => e.EndedOn is not null);
        RuleFor(e => e.EndedOn)
            .Must((e, ended) => !BothDates(e.OccurredOn, ended, out var start, out var end) || end.End >= start.Start)
            .When(e => e.EndedOn is not null)
            .WithMessage("endedOn is before occurredOn.");

        RuleFor(e => e.AnnouncedOn).Custom((value, context) => CheckDate(value, today, context)).When(e => e.AnnouncedOn is not null);
        RuleFor(e => e.AnnouncedOn)
            .Must((e, announced) => !BothDates(announced, e.OccurredOn, out var announcement, out var occurrence) || announcement.Start <= occurrence.End)
            .When(e => e.AnnouncedOn is not null)
            .WithMessage("announcedOn is after the planned date.");

        ParticipantRules(e => e.Initiator, "initiator");
        ParticipantRules(e => e.Counterpart, "counterpart");
        RuleFor(e => e.Counterpart!.Country)
            .NotEqual(e => e.Initiator!.Country).WithMessage("The initiator and the counterpart must be two different countries.")
            .When(e => e.Initiator?.Country is not null && e.Counterpart?.Country is not null)
            .OverridePropertyName("counterpart.country");

        RuleFor(e => e.Channel)
            .Must(BeOneOf<Channel>).When(e => e.Channel is not null)
            .WithMessage(e => $"'{e.Channel}' is not a channel; use one of {Names<Channel>()}.");

        RuleFor(e => e.Stance)
            .Must(BeOneOf<Stance>).When(e => e.Stance is not null)
            .WithMessage(e => $"'{e.Stance}' is not a stance; use one of {Names<Stance>()}.");

        RuleFor(e => e.AssessedStatus)
            .NotEmpty().When(e => IsKind(e, EngagementKind.Assessment))
            .WithMessage("An assessment needs assessedStatus: open, stalled, suspended or resuming.");
        RuleFor(e => e.AssessedStatus)
            .Must(value => AssessableStatuses.Contains(value)).When(e => e.AssessedStatus is not null)
            .WithMessage(e => $"'{e.AssessedStatus}' cannot be assessed; use one of open, stalled, suspended, resuming.");

        RuleFor(e => e.Retracts)
            .NotEmpty().When(e => IsKind(e, EngagementKind.Retraction))
            .WithMessage("A retraction needs retracts: the sourceId of the engagement it withdraws.");
        RuleFor(e => e.Retracts)
            .NotEqual(e => e.SourceId).When(e => e.Retracts is not null)
            .WithMessage("An engagement cannot retract itself.")
            .MaximumLength(MaxSourceIdLength);

        RuleFor(e => e.Location).MaximumLength(MaxNameLength);
        RuleFor(e => e.Summary).MaximumLength(MaxTextLength);
        RuleFor(e => e.DurationMinutes).InclusiveBetween(1, MaxDurationMinutes).When(e => e.DurationMinutes is not null);
        RuleFor(e => e.Cameo)
            .Must(code => CameoCodes.TryFind(code!, out _)).When(e => e.Cameo is not null)
            .WithMessage(e => $"'{e.Cameo}' is not a CAMEO event code.");
        RuleFor(e => e.Cameo)
            .NotEmpty().When(e => IsKind(e, EngagementKind.Coded))
            .WithMessage("A coded event needs its CAMEO code in cameo.");
        RuleFor(e => e.Goldstein).InclusiveBetween(-10, 10).When(e => e.Goldstein is not null);

        SourceRules(today);
    }

    private static bool IsKind(RecordEngagement e, EngagementKind kind) =>
        Enum.TryParse<EngagementKind>(e.Kind, ignoreCase: true, out var parsed) && parsed == kind;

    private static bool BeOneOf<TEnum>(string? value)
        where TEnum : struct, Enum =>
        value is not null && NamesOf<TEnum>.Set.Contains(value);

    private static string Names<TEnum>()
        where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName));

    private static void CheckDate(string? value, DateOnly today, ValidationContext<RecordEngagement> context)
    {
        if (!string.IsNullOrEmpty(value) && DateProblem(value, today) is { } problem)
        {
            context.AddFailure(problem);
        }
    }

    /// <summary>What is wrong with a date: not one, or out of <see cref="DateBounds"/>; null when nothing is.</summary>
    private static string? DateProblem(string value, DateOnly today) =>
        !OccurrenceDate.TryParse(value, out var date, out var problem) ? problem
        : DateBounds.Within(date.Start, today) && DateBounds.Within(date.End, today) ? null
        : DateBounds.OutOfBounds(value, today);

    /// <summary>
    /// Refuses control characters in every text field: PostgreSQL cannot store NUL in jsonb, and the others have no
    /// place in a record an analyst reads. Free text may keep its tabs and line breaks.
    /// </summary>
    private static void RefuseControlCharacters(RecordEngagement e, ValidationContext<RecordEngagement> context)
    {
        foreach (var (field, value, freeText) in TextFields(e))
        {
            if (value is not null && FirstControlCharacter(value, freeText) is var at and >= 0)
            {
                context.AddFailure(field, string.Create(
                    CultureInfo.InvariantCulture,
                    $"Contains the control character U+{(int)value[at]:X4} at position {at}; {(freeText ? "only tab, line feed and carriage return are allowed in free text" : "none is allowed here")}."));
            }
        }
    }

    private static int FirstControlCharacter(string value, bool freeText)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] < ' ' && !(freeText && value[i] is '\t' or '\n' or '\r'))
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<(string Field, string? Value, bool FreeText)> TextFields(RecordEngagement e)
    {
        yield return ("sourceId", e.SourceId, false);
        yield return ("kind", e.Kind, false);
        yield return ("occurredOn", e.OccurredOn, false);
        yield return ("endedOn", e.EndedOn, false);
        yield return ("announcedOn", e.AnnouncedOn, false);
        yield return ("channel", e.Channel, false);
        yield return ("stance", e.Stance, false);
        yield return ("assessedStatus", e.AssessedStatus, false);
        yield return ("retracts", e.Retracts, false);
        yield return ("cameo", e.Cameo, false);
        yield return ("location", e.Location, true);
        yield return ("summary", e.Summary, true);
        foreach (var (name, participant) in new[] { ("initiator", e.Initiator), ("counterpart", e.Counterpart) })
        {
            yield return ($"{name}.country", participant?.Country, false);
            yield return ($"{name}.sector", participant?.Sector, false);
            yield return ($"{name}.name", participant?.Name, true);
            yield return ($"{name}.title", participant?.Title, true);
        }

        yield return ("source.publisher", e.Source?.Publisher, true);
        yield return ("source.url", e.Source?.Url, false);
        yield return ("source.publishedOn", e.Source?.PublishedOn, false);
        yield return ("source.quote", e.Source?.Quote, true);
    }

    private static bool BothDates(string? first, string? second, out OccurrenceDate firstDate, out OccurrenceDate secondDate)
    {
        secondDate = default;
        return OccurrenceDate.TryParse(first, out firstDate, out _) & OccurrenceDate.TryParse(second, out secondDate, out _);
    }

    private static class NamesOf<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenSet<string> Set = Enum.GetNames<TEnum>().ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    // Participants and sources are checked by rules of the engagement itself, not by child validators: a child
    // validator builds a validation context per participant, which made up most of the time spent validating.
    private void ParticipantRules(Expression<Func<RecordEngagement, Participant?>> participant, string name)
    {
        var participantOf = participant.Compile();
        RuleFor(participant).NotNull().OverridePropertyName(name);
        RuleFor(e => participantOf(e)!.Country).NotEmpty()
            .Must(Countries.IsKnown!).WithMessage(e => $"'{participantOf(e)!.Country}' is not an ISO 3166-1 alpha-3 country code (e.g. USA, CHN).")
            .When(e => participantOf(e) is not null)
            .OverridePropertyName($"{name}.country");
        RuleFor(e => participantOf(e)!.Name).MaximumLength(MaxNameLength)
            .When(e => participantOf(e) is not null).OverridePropertyName($"{name}.name");
        RuleFor(e => participantOf(e)!.Title).MaximumLength(MaxNameLength)
            .When(e => participantOf(e) is not null).OverridePropertyName($"{name}.title");
        RuleFor(e => participantOf(e)!.Sector)
            .Must(BeOneOf<Sector>).WithMessage(e => $"'{participantOf(e)!.Sector}' is not a sector; use one of {Names<Sector>()}.")
            .When(e => participantOf(e)?.Sector is not null)
            .OverridePropertyName($"{name}.sector");
    }

    private void SourceRules(DateOnly today)
    {
        RuleFor(e => e.Source!.Publisher).MaximumLength(MaxNameLength)
            .When(e => e.Source is not null).OverridePropertyName("source.publisher");
        RuleFor(e => e.Source!.Quote).MaximumLength(MaxTextLength)
            .When(e => e.Source is not null).OverridePropertyName("source.quote");
        RuleFor(e => e.Source!.Url).MaximumLength(MaxUrlLength)
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            .WithMessage(e => $"'{e.Source!.Url}' is not an absolute http(s) URL.")
            .When(e => e.Source?.Url is not null)
            .OverridePropertyName("source.url");
        RuleFor(e => e.Source!.PublishedOn)
            .Must(value => DateProblem(value!, today) is null)
            .WithMessage(e => DateProblem(e.Source!.PublishedOn!, today))
            .When(e => e.Source?.PublishedOn is not null)
            .OverridePropertyName("source.publishedOn");
    }
}
