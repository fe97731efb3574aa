using System.Text;
using RelationsTracker.Contracts;
using RelationsTracker.Imports;

namespace RelationsTracker.Tests.Imports;

/// <summary>Reads the committed fixtures and small inline files.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Imports", "Fixtures", name);

    public static List<ImportedRow> Read(string name, ImportFormat? format = null)
    {
        using var stream = File.OpenRead(PathOf(name));
        return ImportFormats.Read(stream, format).ToList();
    }

    public static List<ImportedRow> ReadText(string text, ImportFormat? format = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return ImportFormats.Read(stream, format).ToList();
    }

    public static RecordEngagement AcceptedAt(this IEnumerable<ImportedRow> rows, long line) =>
        rows.Single(row => row.Line == line).ShouldBeOfTypeAccepted().Engagement;

    public static ImportedRow.Skipped SkippedAt(this IEnumerable<ImportedRow> rows, long line) =>
        rows.Single(row => row.Line == line) as ImportedRow.Skipped
        ?? throw new Xunit.Sdk.XunitException($"Line {line} was imported, not skipped.");

    private static ImportedRow.Accepted ShouldBeOfTypeAccepted(this ImportedRow row) =>
        row as ImportedRow.Accepted
        ?? throw new Xunit.Sdk.XunitException($"Line {row.Line} was skipped: {(row as ImportedRow.Skipped)?.Detail}");

    public static Dictionary<string, int> Tally(this IEnumerable<ImportedRow> rows) =>
        rows.GroupBy(row => row is ImportedRow.Skipped skipped ? skipped.Reason.ToString() : "Accepted")
            .ToDictionary(group => group.Key, group => group.Count());
}
