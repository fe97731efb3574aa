using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

/// <summary>Every rule of the one validation, each naming the field it is about.</summary>
public sealed class EngagementValidatorTests
{
    private static readonly DateOnly Today = new(2024, 1, 15);

    private static readonly RecordEngagement Valid = new()
    {
        SourceId = "wire-1",
        Kind = "meeting",
        OccurredOn = "2023-07-12",
        Initiator = new Participant { Country = "CHN", Name = "Xie Feng", Sector = "diplomatic" },
        Counterpart = new Participant { Country = "USA", Name = "Ely Ratner", Sector = "defense" },
        Source = new SourceReference { Url = "https://example.org/story", PublishedOn = "2023-07-13" },
    };

    private static IReadOnlyList<FieldError> ErrorsOf(RecordEngagement submission) =>
        Should.Throw<InvalidEngagementException>(() => Submissions.Accept(submission, Today)).Errors;

    private static void ShouldFailOn(RecordEngagement submission, string field, string? words = null)
    {
        var errors = ErrorsOf(submission);
        errors.ShouldContain(e => e.Field == field && (words == null || e.Problem.Contains(words, StringComparison.OrdinalIgnoreCase)),
            $"errors were: {string.Join("; ", errors)}");
    }

    [Fact]
    public void A_valid_submission_is_accepted_with_its_channel_derived()
    {
        var engagement = Submissions.Accept(Valid, Today);

        engagement.Channel.ShouldBe(Engagements.Channel.Diplomatic);
        engagement.ChannelDerived.ShouldBeTrue();
        engagement.Coding!.Cameo.ShouldBe("040");
    }

    [Fact]
    public void Missing_required_fields_are_each_named() =>
        ErrorsOf(new RecordEngagement()).Select(e => e.Field).ShouldBe(
            ["sourceId", "kind", "occurredOn", "initiator", "counterpart"], ignoreOrder: true);

    [Fact]
    public void A_participant_without_a_country_is_refused()
    {
        ShouldFailOn(Valid with { Initiator = new Participant { Name = "Xie Feng" } }, "initiator.country", "empty");
        ShouldFailOn(Valid with { Counterpart = Valid.Counterpart! with { Country = "" } }, "counterpart.country", "empty");
    }

    [Theory]
    [InlineData("ZZZ")]
    [InlineData("usa")]
    [InlineData("US")]
    public void An_unknown_country_code_is_refused(string country) =>
        ShouldFailOn(Valid with { Initiator = Valid.Initiator! with { Country = country } }, "initiator.country", country);

    [Fact]
    public void The_same_country_on_both_sides_is_refused() =>
        ShouldFailOn(Valid with { Counterpart = Valid.Counterpart! with { Country = "CHN" } }, "counterpart.country", "different");

    [Theory]
    [InlineData("2023-02-30", "not a day")]
    [InlineData("12/07/2023", "not a date")]
    [InlineData("2024-01-16", "future")]
    public void Malformed_impossible_and_future_dates_are_refused(string date, string words) =>
        ShouldFailOn(Valid with { OccurredOn = date }, "occurredOn", words);

    [Fact]
    public void Only_a_planned_engagement_may_lie_in_the_future() =>
        Submissions.Accept(Valid with { Kind = "planned", OccurredOn = "2024-03-01", AnnouncedOn = "2024-01-10" }, Today)
            .KnownFrom.ToString().ShouldBe("2024-01-10");

    [Fact]
    public void An_end_before_the_start_is_refused() =>
        ShouldFailOn(Valid with { EndedOn = "2023-07-11" }, "endedOn", "before");

    [Theory]
    [InlineData("kind", "summit")]
    [InlineData("channel", "cyber")]
    [InlineData("stance", "angry")]
    public void Unknown_vocabulary_is_refused_with_the_allowed_values(string field, string value)
    {
        var submission = field switch
        {
            "kind" => Valid with { Kind = value },
            "channel" => Valid with { Channel = value },
            _ => Valid with { Kind = "statement", Stance = value },
        };

        ShouldFailOn(submission, field, value);
    }

    [Fact]
    public void An_unknown_sector_is_refused() =>
        ShouldFailOn(Valid with { Counterpart = Valid.Counterpart! with { Sector = "navy" } }, "counterpart.sector", "navy");

    [Fact]
    public void An_assessment_needs_a_status_that_can_be_assessed()
    {
        ShouldFailOn(Valid with { Kind = "assessment" }, "assessedStatus");
        ShouldFailOn(Valid with { Kind = "assessment", AssessedStatus = "dormant" }, "assessedStatus", "dormant");
    }

    [Fact]
    public void A_retraction_needs_a_target_other_than_itself()
    {
        ShouldFailOn(Valid with { Kind = "retraction" }, "retracts");
        ShouldFailOn(Valid with { Kind = "retraction", Retracts = "wire-1" }, "retracts", "itself");
    }

    [Fact]
    public void Over_long_text_is_refused()
    {
        ShouldFailOn(Valid with { SourceId = new string('x', 201) }, "sourceId", "200");
        ShouldFailOn(Valid with { Summary = new string('x', 4001) }, "summary", "4000");
        ShouldFailOn(Valid with { Initiator = Valid.Initiator! with { Name = new string('x', 201) } }, "initiator.name", "200");
    }

    [Fact]
    public void Source_and_coding_fields_are_checked()
    {
        ShouldFailOn(Valid with { Source = Valid.Source! with { Url = "ftp://example.org" } }, "source.url");
        ShouldFailOn(Valid with { Source = Valid.Source! with { PublishedOn = "yesterday" } }, "source.publishedOn");
        ShouldFailOn(Valid with { Cameo = "999" }, "cameo", "999");
        ShouldFailOn(Valid with { Kind = "coded" }, "cameo");
        ShouldFailOn(Valid with { Goldstein = 11 }, "goldstein");
        ShouldFailOn(Valid with { DurationMinutes = 0 }, "durationMinutes");
    }
}
