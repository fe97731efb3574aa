using RelationsTracker.Engagements.Recording;
using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class ImportFormatsTests
{
    [Theory]
    [InlineData("icews-sample.tab", ImportFormat.Icews)]
    [InlineData("gdelt1-sample.tsv", ImportFormat.Gdelt1)]
    [InlineData("gdelt2-sample.tsv", ImportFormat.Gdelt2)]
    [InlineData("plover-sample.jsonl", ImportFormat.Plover)]
    public void Each_format_is_detected_from_its_first_line(string file, ImportFormat format)
    {
        ImportFormats.Detect(File.ReadLines(Fixture.PathOf(file)).First()).ShouldBe(format);
    }

    [Fact]
    public void Both_column_counts_of_gdelt1_are_detected()
    {
        var lines = File.ReadLines(Fixture.PathOf("gdelt1-sample.tsv")).ToList();

        ImportFormats.Detect(lines.First(line => line.Count(c => c == '\t') == 56)).ShouldBe(ImportFormat.Gdelt1);
        ImportFormats.Detect(lines.First(line => line.Count(c => c == '\t') == 57)).ShouldBe(ImportFormat.Gdelt1);
    }

    [Theory]
    [InlineData("a,b,c")]
    [InlineData("1\t2\t3")]
    [InlineData("<xml/>")]
    public void An_unknown_format_is_refused_with_what_was_seen(string firstLine)
    {
        var error = Should.Throw<InvalidDataException>(() => ImportFormats.Detect(firstLine));

        error.Message.ShouldContain($"{firstLine.Count(c => c == '\t') + 1} tab-separated column(s)");
    }

    [Fact]
    public void An_empty_file_has_no_format()
    {
        Should.Throw<InvalidDataException>(() => Fixture.ReadText("\n\n")).Message.ShouldContain("empty");
    }

    [Theory]
    [InlineData("icews-sample.tab", ImportFormat.Icews)]
    [InlineData("gdelt1-sample.tsv", ImportFormat.Gdelt1)]
    [InlineData("gdelt2-sample.tsv", ImportFormat.Gdelt2)]
    [InlineData("plover-sample.jsonl", ImportFormat.Plover)]
    public void A_detected_file_reads_exactly_as_one_whose_format_is_given(string file, ImportFormat format)
    {
        Fixture.Read(file).ShouldBe(Fixture.Read(file, format));
    }

    [Fact]
    public void Blank_lines_before_the_first_row_keep_line_numbers_true()
    {
        var file = "\n\n" + File.ReadLines(Fixture.PathOf("gdelt2-sample.tsv")).ElementAt(2) + "\n";

        Fixture.ReadText(file).Single().Line.ShouldBe(3);
    }

    [Theory]
    [InlineData("icews-sample.tab")]
    [InlineData("gdelt1-sample.tsv")]
    [InlineData("gdelt2-sample.tsv")]
    [InlineData("plover-sample.jsonl")]
    public void Every_imported_engagement_passes_the_trackers_validation(string file)
    {
        var validator = new EngagementValidator(new DateOnly(2030, 1, 1));

        foreach (var row in Fixture.Read(file).OfType<ImportedRow.Accepted>())
        {
            var result = validator.Validate(row.Engagement);
            result.IsValid.ShouldBeTrue($"line {row.Line}: {string.Join("; ", result.Errors)}");
        }
    }
}
