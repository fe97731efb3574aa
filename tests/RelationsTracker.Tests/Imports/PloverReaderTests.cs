using RelationsTracker.Engagements;
using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class PloverReaderTests
{
    private static readonly List<ImportedRow> Rows = Fixture.Read("plover-sample.jsonl", ImportFormat.Plover);

    [Theory]
    [InlineData(1, "visit", null)]
    [InlineData(2, "call", null)]
    [InlineData(3, "meeting", null)]
    [InlineData(4, "rebuff", null)]
    [InlineData(5, "planned", null)]
    [InlineData(6, "outreach", null)]
    [InlineData(7, "suspension", null)]
    [InlineData(8, "sanction", null)]
    [InlineData(9, "coded", "11")]
    public void Event_type_and_mode_decide_the_kind(long line, string kind, string? cameo)
    {
        var engagement = Rows.AcceptedAt(line);

        engagement.Kind.ShouldBe(kind);
        engagement.Cameo.ShouldBe(cameo);
        engagement.Goldstein.ShouldBeNull();
        engagement.SourceId.ShouldBe($"plover:p-{line:000}");
    }

    [Fact]
    public void A_plover_visit_keeps_its_visitor_as_initiator_with_names_offices_dates_and_source()
    {
        var visit = Rows.AcceptedAt(1);

        visit.Initiator.ShouldBe(new Contracts.Participant { Country = "USA", Name = "Antony Blinken", Title = "Secretary of State", Sector = "other" });
        visit.Counterpart!.Name.ShouldBe("Xi Jinping");
        visit.OccurredOn.ShouldBe("2023-06-18");
        visit.EndedOn.ShouldBe("2023-06-19");
        visit.Summary.ShouldBe("US Secretary of State Antony Blinken visited Beijing.");
        visit.Source.ShouldBe(new Contracts.SourceReference { Publisher = "Example News", Url = "https://example.org/news/blinken-beijing" });
    }

    [Fact]
    public void A_non_http_link_is_dropped_and_cameo_codes_of_actors_are_resolved()
    {
        Rows.AcceptedAt(2).Source.ShouldBeNull();
        Rows.AcceptedAt(9).Initiator!.Country.ShouldBe("ROU");
        Rows.AcceptedAt(5).Initiator!.Sector.ShouldBe("climate");
    }

    [Theory]
    [InlineData(10, SkipReason.UnparseableCode, "'DANCE'")]
    [InlineData(11, SkipReason.Domestic, "FRA")]
    [InlineData(12, SkipReason.MissingCountry, "recipient[0].code")]
    [InlineData(13, SkipReason.UnparseableDate, "'2023-02-30'")]
    [InlineData(14, SkipReason.Malformed, "not a PLOVER JSON object")]
    public void Each_skip_names_its_reason_line_and_value(long line, SkipReason reason, string value)
    {
        var skipped = Rows.SkippedAt(line);

        skipped.Reason.ShouldBe(reason);
        skipped.Detail.ShouldStartWith($"Line {line}:");
        skipped.Detail.ShouldContain(value);
    }

    [Theory]
    [InlineData("CONSULT", "visit", EngagementKind.Visit, null)]
    [InlineData("consult", "third-party", EngagementKind.Meeting, null)]
    [InlineData("SANCTION", "withdraw", EngagementKind.Suspension, null)]
    [InlineData("SANCTION", "expel", EngagementKind.Suspension, null)]
    [InlineData("SANCTION", "convict", EngagementKind.Sanction, null)]
    [InlineData("REJECT", "assist", EngagementKind.Coded, "12")]
    [InlineData("AGREE", "", EngagementKind.Coded, "03")]
    [InlineData("ASSAULT", "", EngagementKind.Coded, "18")]
    public void Plover_types_map_to_kinds_or_to_a_cameo_root_of_the_same_meaning(string type, string mode, EngagementKind kind, string? cameo)
    {
        PloverReader.KindOf(type, [mode]).ShouldBe((kind, cameo));
        if (cameo is not null)
        {
            CameoCodes.TryFind(cameo, out _).ShouldBeTrue();
        }
    }
}
