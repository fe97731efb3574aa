using Marten;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>relations import FILE on the real GDELT 1.0 sample, twice.</summary>
public sealed class ImportCommandTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gdelt1-sample.tsv");

    private static string Row(string output, string label) =>
        output.Split('\n').Single(line => line.Contains($"│ {label} ", StringComparison.Ordinal)).Split('│')[2].Trim();

    [Fact]
    public async Task Importing_the_gdelt_sample_accounts_for_every_row_and_a_second_import_adds_nothing()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "import", Sample, "--format", "gdelt");

        exitCode.ShouldBe(0, output);
        Row(output, "read").ShouldBe("710");
        Row(output, "imported").ShouldBe("124");
        Row(output, "skipped: MissingCountry").ShouldBe("514");
        Row(output, "skipped: UnknownCountry").ShouldBe("14");
        Row(output, "skipped: Domestic").ShouldBe("57");
        Row(output, "skipped: Duplicate").ShouldBe("1");
        Row(output, "rejected by validation").ShouldBe("0");
        (await ProjectedRows.EngagementCountsAsync(app.Store)).Values.Sum().ShouldBe(124);

        var (again, second) = await RelationsCli.RunAsync(app.ConnectionString, "import", Sample);

        again.ShouldBe(0, second);
        Row(second, "imported").ShouldBe("0");
        Row(second, "already recorded").ShouldBe("124");
    }

    [Fact]
    public async Task An_unknown_format_is_refused_naming_the_flag()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "import", Sample, "--format", "csv");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("--format: 'csv' is not a format");
    }
}
