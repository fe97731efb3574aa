using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

/// <summary>The one decision over a batch that the intake and the import share.</summary>
public sealed class BatchDecisionTests
{
    private static readonly Dictionary<string, EngagementSource> NothingRecorded = [];

    private static PreparedEngagement Row(Engagement engagement) =>
        new(engagement.SourceId, engagement, EngagementRecording.Fingerprint(engagement), []);

    private static PreparedEngagement Refused(string sourceId, string field, string problem) =>
        new(sourceId, null, string.Empty, [new FieldError(field, problem)]);

    private static Engagement Meeting(string sourceId, string counterpart = "CHN") =>
        Build.Engagement(EngagementKind.Meeting, "2023-07-12", sourceId) with
        {
            Counterpart = new Party(counterpart, null, null, Sector.Defense),
        };

    private static Engagement Retraction(string sourceId, string retracts) =>
        Build.Engagement(EngagementKind.Retraction, "2023-07-20", sourceId: sourceId, retracts: retracts);

    private static EngagementSource Marker(Engagement engagement, string relationshipId = "CHN-USA") =>
        new(engagement.SourceId, relationshipId, EngagementRecording.Fingerprint(engagement));

    [Fact]
    public void Engagements_are_decided_in_order_against_what_is_recorded_and_what_the_batch_appended_before_them()
    {
        var recorded = Meeting("wire-1");
        var conflicting = Meeting("wire-2");
        PreparedEngagement[] batch =
        [
            Row(recorded),
            Row(conflicting with { Summary = "Another story" }),
            Row(Meeting("wire-3")),
            Row(Meeting("wire-3")),
            Row(Retraction("fix-3", retracts: "wire-3")),
            Refused("bad-1", "occurredOn", "missing"),
        ];

        var decision = EngagementRecording.DecideBatch(batch, new Dictionary<string, EngagementSource>
        {
            ["wire-1"] = Marker(recorded),
            ["wire-2"] = Marker(conflicting),
        });

        decision.Appends.Select(a => (a.Index, a.Decision.Source.Id)).ShouldBe([(2, "wire-3"), (4, "fix-3")]);
        decision.Appends[0].Decision.Event.ShouldBe(new MeetingHeld(Meeting("wire-3")));
        decision.Appends[1].Decision.Event.ShouldBeOfType<EngagementRetracted>();
        decision.Duplicates.Select(d => (d.Index, d.Decision.Existing.Id)).ShouldBe([(0, "wire-1"), (3, "wire-3")]);
        decision.Rejections.Select(r => (r.Index, r.Reason)).ShouldBe([(1, RejectionReason.Conflict), (5, RejectionReason.Invalid)]);
        decision.Rejections.Select(r => r.Describe()).ShouldBe(["wire-2: already recorded with different content", "bad-1: occurredOn: missing"]);
    }

    [Fact]
    public void A_retraction_may_retract_an_engagement_appended_earlier_in_the_batch_but_not_one_that_comes_after_it()
    {
        var decision = EngagementRecording.DecideBatch(
            [Row(Retraction("fix-1", retracts: "wire-1")), Row(Meeting("wire-1")), Row(Retraction("fix-2", retracts: "wire-1"))],
            NothingRecorded);

        decision.Appends.Select(a => a.Decision.Source.Id).ShouldBe(["wire-1", "fix-2"]);
        var rejection = decision.Rejections.ShouldHaveSingleItem();
        rejection.Index.ShouldBe(0);
        rejection.Reason.ShouldBe(RejectionReason.RetractsWhatIsNotRecorded);
        rejection.Errors.ShouldHaveSingleItem().Field.ShouldBe("retracts");
    }

    [Fact]
    public void A_retraction_of_another_relationship_s_engagement_is_invalid_not_worth_waiting_for()
    {
        var decision = EngagementRecording.DecideBatch(
            [Row(Retraction("fix-1", retracts: "wire-9"))],
            new Dictionary<string, EngagementSource> { ["wire-9"] = new("wire-9", "FRA-USA", "x") });

        var rejection = decision.Rejections.ShouldHaveSingleItem();
        rejection.Reason.ShouldBe(RejectionReason.Invalid);
        rejection.Describe().ShouldBe("fix-1: retracts: Engagement 'wire-9' belongs to FRA-USA, not CHN-USA.");
        decision.Appends.ShouldBeEmpty();
    }

    [Fact]
    public void A_rejected_engagement_is_not_known_to_those_after_it()
    {
        var decision = EngagementRecording.DecideBatch(
            [Refused("wire-1", "kind", "missing"), Row(Retraction("fix-1", retracts: "wire-1")), Row(Meeting("wire-2")), Row(Meeting("wire-2") with { Summary = "Changed" })],
            NothingRecorded);

        decision.Rejections.Select(r => (r.Index, r.Reason)).ShouldBe(
            [(0, RejectionReason.Invalid), (1, RejectionReason.RetractsWhatIsNotRecorded), (3, RejectionReason.Conflict)]);
        decision.Appends.ShouldHaveSingleItem().Index.ShouldBe(2);
    }

    [Fact]
    public void Every_engagement_of_a_batch_is_in_exactly_one_list()
    {
        var recorded = Enumerable.Range(0, 40).Where(i => i % 3 == 0).ToDictionary(i => $"wire-{i}", i => Marker(Meeting($"wire-{i}", i % 2 == 0 ? "CHN" : "RUS"), i % 2 == 0 ? "CHN-USA" : "RUS-USA"));
        PreparedEngagement[] batch =
        [
            .. Enumerable.Range(0, 40).Select(i => i % 7 == 0
                ? Refused($"wire-{i}", "kind", "missing")
                : Row(Meeting($"wire-{i}", i % 2 == 0 ? "CHN" : "RUS") with { Summary = i % 5 == 0 ? "Changed" : null })),
        ];

        var decision = EngagementRecording.DecideBatch(batch, recorded);

        decision.Appends.Select(a => a.Index).Concat(decision.Duplicates.Select(d => d.Index)).Concat(decision.Rejections.Select(r => r.Index))
            .Order().ShouldBe(Enumerable.Range(0, 40));
        decision.Appends.ShouldAllBe(a => a.Decision.RelationshipId == batch[a.Index].RelationshipId);
        decision.Duplicates.ShouldAllBe(d => recorded.ContainsKey(batch[d.Index].SourceId!));
    }

    [Fact]
    public void An_empty_batch_comes_to_nothing()
    {
        var decision = EngagementRecording.DecideBatch([], NothingRecorded);

        decision.Appends.ShouldBeEmpty();
        decision.Duplicates.ShouldBeEmpty();
        decision.Rejections.ShouldBeEmpty();
    }
}
