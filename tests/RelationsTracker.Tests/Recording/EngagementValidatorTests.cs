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

    [Theory]
    [InlineData("1799-12-31")]
    [InlineData("1799")]
    [InlineData("0001-01-01")]
    public void Dates_before_1800_are_out_of_bounds(string date)
    {
        ShouldFailOn(Valid with { OccurredOn = date }, "occurredOn", "out of bounds");
        ShouldFailOn(Valid with { Source = Valid.Source! with { PublishedOn = date } }, "source.publishedOn", "out of bounds");
    }

    [Fact]
    public void A_planned_engagement_may_be_up_to_50_years_ahead_and_no_further()
    {
        var planned = Valid with { Kind = "planned", OccurredOn = "2074-01-15" };
        Submissions.Accept(planned, Today).OccurredOn.ToString().ShouldBe("2074-01-15");

        ShouldFailOn(planned with { OccurredOn = "2074-01-16" }, "occurredOn", "2074-01-15");
        ShouldFailOn(planned with { OccurredOn = "2074-02" }, "occurredOn", "out of bounds");
        ShouldFailOn(planned with { OccurredOn = "9999-12-31" }, "occurredOn", "out of bounds");
        ShouldFailOn(planned with { EndedOn = "9999-12-31" }, "endedOn", "out of bounds");
        ShouldFailOn(planned with { AnnouncedOn = "1799-12-31" }, "announcedOn", "out of bounds");
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0001")]
    [InlineData("\u001b")]
    [InlineData("\u001f")]
    public void Control_characters_are_refused_in_every_text_field(string control)
    {
        ShouldFailOn(Valid with { SourceId = "wire" + control }, "sourceId", "control character");
        ShouldFailOn(Valid with { Summary = "a" + control + "b" }, "summary", "control character");
        ShouldFailOn(Valid with { Location = control }, "location", "control character");
        ShouldFailOn(Valid with { Retracts = control }, "retracts", "control character");
        ShouldFailOn(Valid with { Initiator = Valid.Initiator! with { Name = control } }, "initiator.name", "control character");
        ShouldFailOn(Valid with { Counterpart = Valid.Counterpart! with { Title = control } }, "counterpart.title", "control character");
        ShouldFailOn(Valid with { Source = Valid.Source! with { Quote = control } }, "source.quote", "control character");
        ShouldFailOn(Valid with { Source = Valid.Source! with { Publisher = control } }, "source.publisher", "control character");
        ShouldFailOn(Valid with { Source = Valid.Source! with { Url = "https://example.org/" + control } }, "source.url", "control character");
    }

    [Fact]
    public void Free_text_keeps_its_tabs_and_line_breaks_but_an_id_does_not()
    {
        var engagement = Submissions.Accept(Valid with { Summary = "one\ttwo\r\nthree", Location = "Pentagon\n" }, Today);

        engagement.Summary.ShouldBe("one\ttwo\r\nthree");
        ShouldFailOn(Valid with { SourceId = "wire\t1" }, "sourceId", "U+0009");
    }
}
