using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class IcewsReaderTests
{
    private static readonly List<ImportedRow> Rows = Fixture.Read("icews-sample.tab", ImportFormat.Icews);

    [Fact]
    public void Every_data_row_has_exactly_one_outcome_numbered_by_its_line()
    {
        Rows.Select(row => row.Line).ShouldBe(Enumerable.Range(2, 12).Select(line => (long)line));
    }

    [Theory]
    [InlineData(5, SkipReason.Domestic, "CHN")]
    [InlineData(6, SkipReason.MissingCountry, "Source Country")]
    [InlineData(7, SkipReason.UnknownCountry, "'Atlantis'")]
    [InlineData(8, SkipReason.UnparseableDate, "'2018-13-40'")]
    [InlineData(9, SkipReason.UnparseableCode, "'999'")]
    [InlineData(10, SkipReason.Malformed, "5 tab-separated columns")]
    public void Each_skip_names_its_reason_line_and_value(long line, SkipReason reason, string value)
    {
        var skipped = Rows.SkippedAt(line);

        skipped.Reason.ShouldBe(reason);
        skipped.Detail.ShouldStartWith($"Line {line}:");
        skipped.Detail.ShouldContain(value);
    }

    [Fact]
    public void A_visit_and_its_host_row_make_one_visit_by_the_visitor_and_one_duplicate()
    {
        var visit = Rows.AcceptedAt(2);
        var hostRow = Rows.SkippedAt(3);

        visit.Kind.ShouldBe("visit");
        visit.SourceId.ShouldBe("icews-visit:2018-03-01:USA:CHN:9001:1");
        visit.Initiator!.Country.ShouldBe("USA");
        visit.Initiator.Name.ShouldBe("Mike Pompeo");
        visit.Counterpart!.Country.ShouldBe("CHN");
        visit.Cameo.ShouldBe("042");
        visit.Goldstein.ShouldBe(1.9);
        hostRow.Reason.ShouldBe(SkipReason.Duplicate);
        hostRow.Detail.ShouldContain(visit.SourceId!);
    }

    [Fact]
    public void The_host_row_alone_makes_the_same_visit_from_the_visitor()
    {
        var lines = File.ReadAllLines(Fixture.PathOf("icews-sample.tab"));
        var hostRowOnly = string.Join('\n', lines[0], lines[2]);

        var visit = Fixture.ReadText(hostRowOnly, ImportFormat.Icews).AcceptedAt(2);

        visit.SourceId.ShouldBe("icews-visit:2018-03-01:USA:CHN:9001:1");
        visit.Initiator!.Name.ShouldBe("Mike Pompeo");
        visit.Counterpart!.Name.ShouldBe("Wang Yi");
        visit.Cameo.ShouldBe("043");
    }

    [Fact]
    public void An_old_style_date_is_read_and_the_id_pairs_the_event_id_with_its_date()
    {
        var call = Rows.AcceptedAt(4);

        call.Kind.ShouldBe("call");
        call.OccurredOn.ShouldBe("2017-01-15");
        call.SourceId.ShouldBe("icews:2017-01-15:1003");
        call.Initiator!.Country.ShouldBe("RUS");
        Rows.AcceptedAt(13).SourceId.ShouldBe("icews:2018-03-02:1001");
    }

    [Fact]
    public void Sectors_names_location_publisher_and_summary_come_from_their_columns()
    {
        var rebuff = Rows.AcceptedAt(11);

        rebuff.Kind.ShouldBe("rebuff");
        rebuff.Initiator!.Sector.ShouldBe("defense");
        rebuff.Counterpart!.Sector.ShouldBe("defense");
        rebuff.Location.ShouldBe("Seoul, Seoul, South Korea");
        rebuff.Summary.ShouldBe("Reject proposal to meet, discuss, or negotiate");
        rebuff.Source!.Publisher.ShouldBe("Yonhap News Agency");
        rebuff.Channel.ShouldBeNull();
        Rows.AcceptedAt(13).Initiator!.Sector.ShouldBe("economic");
    }

    [Fact]
    public void Na_means_missing_and_an_icews_country_name_becomes_its_iso_code()
    {
        var criticism = Rows.AcceptedAt(12);

        criticism.Kind.ShouldBe("coded");
        criticism.Cameo.ShouldBe("111");
        criticism.Goldstein.ShouldBeNull();
        criticism.Initiator!.Country.ShouldBe("PSE");
        criticism.Counterpart!.Sector.ShouldBe("executive");
        criticism.Location.ShouldBeNull();
        criticism.Source.ShouldBeNull();
    }

    [Fact]
    public void A_file_without_the_cameo_column_skips_every_row_as_unparseable_code()
    {
        const string file = "Event ID\tEvent Date\tSource Name\tSource Country\tTarget Name\tTarget Country\n"
            + "7\t1/1/2017\tBarack Obama\tUnited States\tXi Jinping\tChina\n";

        var skipped = Fixture.ReadText(file).SkippedAt(2);

        skipped.Reason.ShouldBe(SkipReason.UnparseableCode);
        skipped.Detail.ShouldContain("no CAMEO Code column");
    }

    [Fact]
    public void A_header_without_the_columns_every_row_needs_is_refused()
    {
        var error = Should.Throw<InvalidDataException>(() => Fixture.ReadText("Event ID\tEvent Date\n1\t2018-01-01\n", ImportFormat.Icews));

        error.Message.ShouldContain("\"Source Country\"");
    }
}
