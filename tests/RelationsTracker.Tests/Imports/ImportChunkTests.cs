using JasperFx.Events;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Imports;
using RelationsTracker.Relationships;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class ImportChunkTests
{
    private static readonly DateTimeOffset RecordedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static PreparedEngagement Row(Engagement engagement) =>
        new(engagement.SourceId, engagement, EngagementRecording.Fingerprint(engagement), []);

    private static Engagement Meeting(string sourceId, string counterpart = "CHN") =>
        Build.Engagement(EngagementKind.Meeting, "2023-07-12", sourceId) with
        {
            Counterpart = new Party(counterpart, null, null, Sector.Defense),
        };

    private static IEvent Wrap(object data) =>
        (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;

    [Fact]
    public void Rows_are_decided_in_file_order_against_what_is_recorded_and_what_the_chunk_appended_before_them()
    {
        var recorded = Meeting("wire-1");
        var conflicting = Meeting("wire-2");
        var stored = new Dictionary<string, EngagementSource>
        {
            ["wire-1"] = new("wire-1", "CHN-USA", EngagementRecording.Fingerprint(recorded)),
            ["wire-2"] = new("wire-2", "CHN-USA", EngagementRecording.Fingerprint(conflicting)),
        };
        var retraction = Build.Engagement(EngagementKind.Retraction, "2023-07-20", sourceId: "fix-3", retracts: "wire-3");
        PreparedEngagement[] rows =
        [
            Row(recorded),
            Row(conflicting with { Summary = "Another story" }),
            Row(Meeting("wire-3")),
            Row(Meeting("wire-3")),
            Row(retraction),
            new PreparedEngagement("bad-1", null, string.Empty, [new FieldError("occurredOn", "missing")]),
        ];

        var plan = ImportChunk.Plan(rows, stored);

        plan.Appends.Select(a => a.Decision.Source.Id).ShouldBe(["wire-3", "fix-3"]);
        plan.Appends[1].Decision.Event.ShouldBeOfType<EngagementRetracted>();
        plan.AlreadyRecorded.ShouldBe(2);
        plan.Rejections.ShouldBe(["wire-2: already recorded with different content", "bad-1: occurredOn: missing"]);
    }

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
        ImportChunk.RelationshipIds([.. rows, Row(Meeting("wire-2", counterpart: "BRA"))]).ShouldBe(["BRA-USA", "CHN-USA"]);
    }

    [Fact]
    public void Events_follow_on_from_each_stream_s_version_with_sequence_numbers_in_file_order()
    {
        var plan = ImportChunk.Plan(
            [Row(Meeting("a", "CHN")), Row(Meeting("b", "RUS")), Row(Meeting("c", "CHN"))], new Dictionary<string, EngagementSource>());

        var events = EngagementCopy.Number(plan.Appends, new Dictionary<string, long> { ["CHN-USA"] = 7 }, [101, 102, 103], RecordedAt, Wrap);

        events.Select(e => (e.StreamKey, e.Version, e.Sequence)).ShouldBe([("CHN-USA", 8L, 101L), ("RUS-USA", 1L, 102L), ("CHN-USA", 9L, 103L)]);
        events.ShouldAllBe(e => e.Timestamp == RecordedAt && e.Id != Guid.Empty);
        events[0].Data.ShouldBe(new MeetingHeld(Meeting("a", "CHN")));
        Should.Throw<ArgumentException>(() => EngagementCopy.Number(plan.Appends, new Dictionary<string, long>(), [1, 2], RecordedAt, Wrap));
    }

    [Fact]
    public void Summaries_are_evolved_from_their_stored_state_by_the_projection_with_the_last_version()
    {
        var plan = ImportChunk.Plan(
            [Row(Meeting("a", "CHN")), Row(Meeting("b", "RUS")), Row(Meeting("c", "CHN"))], new Dictionary<string, EngagementSource>());
        var events = EngagementCopy.Number(plan.Appends, new Dictionary<string, long> { ["CHN-USA"] = 7 }, [101, 102, 103], RecordedAt, Wrap);
        var stored = new RelationshipSummary { Id = "CHN-USA", Countries = ["CHN", "USA"], Engagements = 5 };

        var summaries = EngagementCopy.Summaries(events, new Dictionary<string, RelationshipSummary> { ["CHN-USA"] = stored })
            .ToDictionary(s => s.Summary.Id);

        summaries["CHN-USA"].Version.ShouldBe(9);
        summaries["CHN-USA"].Summary.Engagements.ShouldBe(7);
        summaries["CHN-USA"].Summary.LastRecordedAt.ShouldBe(RecordedAt);
        summaries["RUS-USA"].Version.ShouldBe(1);
        summaries["RUS-USA"].Summary.Countries.ShouldBe(["RUS", "USA"]);
        summaries["RUS-USA"].Summary.Engagements.ShouldBe(1);
    }
}
