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

        RuleFor(e => e.SourceId).NotEmpty().MaximumLength(MaxSourceIdLength);

        RuleFor(e => e.Kind).NotEmpty()
            .Must(BeOneOf<EngagementKind>).WithMessage(e => $"'{e.Kind}' is not a kind; use one of {Names<EngagementKind>()}.");

        RuleFor(e => e.OccurredOn).NotEmpty().Custom((value, context) => CheckDate(value, context));
        RuleFor(e => e.OccurredOn)
            .Must(value => !OccurrenceDate.TryParse(value, out var date, out _) || date.Start <= today)
            .When(e => !IsKind(e, EngagementKind.Planned))
            .WithMessage(e => $"'{e.OccurredOn}' is in the future; only a planned engagement may be.");

        RuleFor(e => e.EndedOn).Custom((value, context) => CheckDate(value, context)).When(e => e.EndedOn is not null);
        RuleFor(e => e.EndedOn)
            .Must((e, ended) => !BothDates(e.OccurredOn, ended, out var start, out var end) || end.End >= start.Start)
            .When(e => e.EndedOn is not null)
            .WithMessage("endedOn is before occurredOn.");

        RuleFor(e => e.AnnouncedOn).Custom((value, context) => CheckDate(value, context)).When(e => e.AnnouncedOn is not null);
        RuleFor(e => e.AnnouncedOn)
            .Must((e, announced) => !BothDates(announced, e.OccurredOn, out var announcement, out var occurrence) || announcement.Start <= occurrence.End)
            .When(e => e.AnnouncedOn is not null)
            .WithMessage("announcedOn is after the planned date.");

        RuleFor(e => e.Initiator).NotNull().SetValidator(new ParticipantValidator()!);
        RuleFor(e => e.Counterpart).NotNull().SetValidator(new ParticipantValidator()!);
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

        RuleFor(e => e.Source!).SetValidator(new SourceValidator()).When(e => e.Source is not null);
    }

    private static bool IsKind(RecordEngagement e, EngagementKind kind) =>
        Enum.TryParse<EngagementKind>(e.Kind, ignoreCase: true, out var parsed) && parsed == kind;

    private static bool BeOneOf<TEnum>(string? value)
        where TEnum : struct, Enum =>
        value is not null && Enum.GetNames<TEnum>().Any(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase));

    private static string Names<TEnum>()
        where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName));

    private static void CheckDate(string? value, ValidationContext<RecordEngagement> context)
    {
        if (!string.IsNullOrEmpty(value) && !OccurrenceDate.TryParse(value, out _, out var problem))
        {
            context.AddFailure(problem);
        }
    }

    private static bool BothDates(string? first, string? second, out OccurrenceDate firstDate, out OccurrenceDate secondDate)
    {
        secondDate = default;
        return OccurrenceDate.TryParse(first, out firstDate, out _) & OccurrenceDate.TryParse(second, out secondDate, out _);
    }

    private sealed class ParticipantValidator : AbstractValidator<Participant>
    {
        public ParticipantValidator()
        {
            RuleLevelCascadeMode = CascadeMode.Stop;
            RuleFor(p => p.Country).NotEmpty()
                .Must(Countries.IsKnown).When(p => !string.IsNullOrEmpty(p.Country))
                .WithMessage(p => $"'{p.Country}' is not an ISO 3166-1 alpha-3 country code (e.g. USA, CHN).");
            RuleFor(p => p.Name).MaximumLength(MaxNameLength);
            RuleFor(p => p.Title).MaximumLength(MaxNameLength);
            RuleFor(p => p.Sector)
                .Must(BeOneOf<Sector>).When(p => p.Sector is not null)
                .WithMessage(p => $"'{p.Sector}' is not a sector; use one of {Names<Sector>()}.");
        }
    }

    private sealed class SourceValidator : AbstractValidator<SourceReference>
    {
        public SourceValidator()
        {
            RuleFor(s => s.Publisher).MaximumLength(MaxNameLength);
            RuleFor(s => s.Quote).MaximumLength(MaxTextLength);
            RuleFor(s => s.Url).MaximumLength(MaxUrlLength)
                .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                .When(s => s.Url is not null)
                .WithMessage(s => $"'{s.Url}' is not an absolute http(s) URL.");
            RuleFor(s => s.PublishedOn)
                .Must(value => OccurrenceDate.TryParse(value, out _, out _)).When(s => s.PublishedOn is not null)
                .WithMessage(s => $"'{s.PublishedOn}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY.");
        }
    }
}
