using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class GdeltReaderTests
{
    private static readonly List<ImportedRow> Gdelt2 = Fixture.Read("gdelt2-sample.tsv", ImportFormat.Gdelt2);

    /// <summary>
    /// The expected counts of the real GDELT 1.0 sample were derived without the C# readers, by
    /// Fixtures/count-gdelt1-sample.py (Python over the raw columns and the reference tables, same documented rules) and
    /// cross-checked with awk (Fixtures/README.md): 514 rows have an empty Actor1CountryCode or Actor2CountryCode, 14 of
    /// the rest name a CAMEO region (AFR, EUR, MEA, WST), 57 have the same country on both sides, and one is the 043
    /// half of a 2016-07-28 DEU->FRA visit whose 042 half has the same source URL.
    /// </summary>
    [Fact]
    public void The_real_gdelt1_sample_is_accounted_for_row_by_row()
    {
        var rows = Fixture.Read("gdelt1-sample.tsv");

        rows.Count.ShouldBe(710);
        rows.Select(row => row.Line).ShouldBe(Enumerable.Range(1, 710).Select(line => (long)line));
        rows.Tally().ShouldBe(new Dictionary<string, int>
        {
            ["Accepted"] = 124,
            ["MissingCountry"] = 514,
            ["UnknownCountry"] = 14,
            ["Domestic"] = 57,
            ["Duplicate"] = 1,
        }, ignoreOrder: true);
    }

    [Fact]
    public void The_duplicate_of_the_real_sample_is_the_host_half_of_a_visit_already_imported()
    {
        var rows = Fixture.Read("gdelt1-sample.tsv");

        var duplicate = rows.OfType<ImportedRow.Skipped>().Single(row => row.Reason == SkipReason.Duplicate);
        var visitId = rows.OfType<ImportedRow.Accepted>().Select(row => row.Engagement)
            .Single(e => e.Kind == "visit" && duplicate.Detail.Contains(e.SourceId!, StringComparison.Ordinal));

        visitId.SourceId.ShouldStartWith("gdelt-visit:2016-07-28:DEU:FRA:");
        visitId.Initiator!.Country.ShouldBe("DEU");
    }

    [Fact]
    public void Rows_of_the_backfile_and_of_the_daily_files_both_map()
    {
        var accepted = Fixture.Read("gdelt1-sample.tsv").OfType<ImportedRow.Accepted>().Select(row => row.Engagement).ToList();

        var backfile = accepted.First(e => e.OccurredOn!.StartsWith("1982", StringComparison.Ordinal));
        backfile.Source!.Url.ShouldBeNull();
        backfile.Source.PublishedOn.ShouldStartWith("2013-");
        accepted.Where(e => e.Source?.Url is not null).ShouldAllBe(e => e.Source!.PublishedOn == "2016-07-28");
    }

    /// <summary>
    /// Ids must not depend on the process (no randomised string hashes): the visit digest is pinned to the first 16 hex
    /// digits of the SHA-256 of the row's source URL, computed with sha256sum.
    /// </summary>
    [Fact]
    public void Reading_the_same_file_again_gives_the_same_source_ids()
    {
        static List<string?> Ids() => Fixture.Read("gdelt1-sample.tsv").OfType<ImportedRow.Accepted>().Select(row => row.Engagement.SourceId).ToList();

        var first = Ids();

        Ids().ShouldBe(first);
        first.ShouldBeUnique();
        first.ShouldContain("gdelt:564111684");
        first.ShouldContain("gdelt-visit:2016-07-28:DEU:FRA:5bb8804a4c2efcd4");
    }

    [Fact]
    public void Gdelt2_rows_read_their_shifted_columns()
    {
        var visit = Gdelt2.AcceptedAt(1);

        visit.Kind.ShouldBe("visit");
        visit.SourceId.ShouldStartWith("gdelt-visit:2023-06-18:USA:CHN:");
        visit.OccurredOn.ShouldBe("2023-06-18");
        visit.Location.ShouldBe("Beijing, Beijing, China");
        visit.Source!.Url.ShouldBe("https://example.org/news/blinken-beijing");
        visit.Source.PublishedOn.ShouldBe("2023-06-18");
        visit.Goldstein.ShouldBe(1.9);
        visit.Initiator!.Name.ShouldBe("UNITED STATES");
        Gdelt2.SkippedAt(2).Reason.ShouldBe(SkipReason.Duplicate);
    }

    [Fact]
    public void Romania_is_rom_in_cameo_and_rou_in_iso()
    {
        var call = Gdelt2.AcceptedAt(3);

        call.Kind.ShouldBe("call");
        call.Initiator!.Country.ShouldBe("ROU");
        call.SourceId.ShouldBe("gdelt:800000003");
    }

    [Fact]
    public void Only_an_absolute_http_url_is_kept_and_actor_types_give_sectors()
    {
        var sanction = Gdelt2.AcceptedAt(4);

        sanction.Kind.ShouldBe("sanction");
        sanction.Cameo.ShouldBe("163");
        sanction.Source!.Url.ShouldBeNull();
        sanction.Initiator!.Sector.ShouldBe("economic");
        sanction.Counterpart!.Sector.ShouldBe("other");
        Gdelt2.AcceptedAt(11).Initiator!.Sector.ShouldBe("military");
    }

    [Theory]
    [InlineData(5, SkipReason.Domestic, "CHN")]
    [InlineData(6, SkipReason.MissingCountry, "Actor2CountryCode")]
    [InlineData(7, SkipReason.UnknownCountry, "'AFR' (a CAMEO region (Africa))")]
    [InlineData(8, SkipReason.UnparseableDate, "'2023062'")]
    [InlineData(9, SkipReason.UnparseableCode, "'XYZ'")]
    public void Each_skip_names_its_reason_line_and_value(long line, SkipReason reason, string value)
    {
        var skipped = Gdelt2.SkippedAt(line);

        skipped.Reason.ShouldBe(reason);
        skipped.Detail.ShouldStartWith($"Line {line}:");
        skipped.Detail.ShouldContain(value);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_columns_is_malformed()
    {
        var skipped = Fixture.ReadText("1\t20230101\tonly three\n", ImportFormat.Gdelt1).SkippedAt(1);

        skipped.Reason.ShouldBe(SkipReason.Malformed);
        skipped.Detail.ShouldContain("57 or 58");
    }
}
