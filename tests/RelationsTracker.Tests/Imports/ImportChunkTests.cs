using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class ImportChunkTests
{
    private static PreparedEngagement Row(Engagement engagement) =>
        new(engagement.SourceId, engagement, EngagementRecording.Fingerprint(engagement), []);

    private static Engagement Meeting(string sourceId, string counterpart = "CHN") =>
        Build.Engagement(EngagementKind.Meeting, "2023-07-12", sourceId) with
        {
            Counterpart = new Party(counterpart, null, null, Sector.Defense),
        };

    [Fact]
    public void A_chunk_is_split_into_balanced_parts_that_share_no_relationship_and_keep_each_relationship_in_file_order()
    {
        PreparedEngagement[] rows =
        [
            .. Enumerable.Range(0, 4).Select(i => Row(Meeting($"chn-{i}", "CHN"))),
            new PreparedEngagement("bad-1", null, string.Empty, [new FieldError("occurredOn", "missing")]),
            .. Enumerable.Range(0, 2).Select(i => Row(Meeting($"rus-{i}", "RUS"))),
            .. Enumerable.Range(0, 3).Select(i => Row(Meeting($"ind-{i}", "IND"))),
            .. Enumerable.Range(0, 3).Select(i => Row(Meeting($"jpn-{i}", "JPN"))),
        ];

        var parts = ImportChunk.Partition(rows, 2);

        parts.Count.ShouldBe(2);
        parts.Sum(p => p.Length).ShouldBe(rows.Length);
        parts[0].Select(r => r.SourceId).ShouldBe(["chn-0", "chn-1", "chn-2", "chn-3", "bad-1", "rus-0", "rus-1"]);
        parts[1].Select(r => r.SourceId).ShouldBe(["ind-0", "ind-1", "ind-2", "jpn-0", "jpn-1", "jpn-2"]);
        ImportChunk.Partition([rows[0], rows[1]], 2).Count.ShouldBe(1);
    }

    [Fact]
    public void The_chunk_reads_the_markers_of_its_rows_and_of_the_engagements_they_retract()
    {
        PreparedEngagement[] rows =
        [
            Row(Meeting("wire-1")),
            Row(Build.Engagement(EngagementKind.Retraction, "2023-07-20", sourceId: "fix-1", retracts: "wire-0")),
            Row(Meeting("wire-1")),
            new PreparedEngagement("bad-1", null, string.Empty, [new FieldError("kind", "missing")]),
        ];

        PreparedEngagement.SourceIdsToRead(rows).ShouldBe(["wire-1", "fix-1", "wire-0"]);
        PreparedEngagement.RelationshipIds([.. rows, Row(Meeting("wire-2", counterpart: "BRA"))]).ShouldBe(["BRA-USA", "CHN-USA"]);
    }
}
