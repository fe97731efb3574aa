using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

public sealed class EngagementRecordingTests
{
    private static readonly Engagement Meeting = Build.Engagement(EngagementKind.Meeting, "2023-07-12", sourceId: "wire-1");

    private static RecordingDecision Decide(Engagement engagement, EngagementSource? existing, EngagementSource? retracted) =>
        EngagementRecording.Decide(engagement, EngagementRecording.Fingerprint(engagement), existing, retracted);

    [Fact]
    public void A_new_engagement_is_appended_to_the_stream_of_its_unordered_pair()
    {
        var append = Decide(Meeting, existing: null, retracted: null).ShouldBeOfType<RecordingDecision.Append>();

        append.RelationshipId.ShouldBe("CHN-USA");
        append.Event.ShouldBe(new MeetingHeld(Meeting));
        append.Source.ShouldBe(new EngagementSource("wire-1", "CHN-USA", EngagementRecording.Fingerprint(Meeting)));
    }

    [Fact]
    public void The_same_engagement_again_is_a_duplicate()
    {
        var stored = new EngagementSource("wire-1", "CHN-USA", EngagementRecording.Fingerprint(Meeting));

        Decide(Meeting with { }, stored, retracted: null).ShouldBeOfType<RecordingDecision.Duplicate>();
    }

    [Fact]
    public void Different_content_under_the_same_sourceId_is_a_conflict()
    {
        var stored = new EngagementSource("wire-1", "CHN-USA", EngagementRecording.Fingerprint(Meeting));

        Should.Throw<EngagementConflictException>(() =>
            Decide(Meeting with { Summary = "Something else" }, stored, retracted: null));
    }

    [Fact]
    public void A_retraction_must_name_an_engagement_of_the_same_relationship()
    {
        var retraction = Build.Engagement(EngagementKind.Retraction, "2023-07-20", sourceId: "fix-1", retracts: "wire-9");

        Should.Throw<InvalidEngagementException>(() => Decide(retraction, null, retracted: null))
            .Errors.ShouldHaveSingleItem().Field.ShouldBe("retracts");
        Should.Throw<InvalidEngagementException>(() =>
                Decide(retraction, null, new EngagementSource("wire-9", "FRA-USA", "x")))
            .Errors.ShouldHaveSingleItem().Problem.ShouldContain("FRA-USA");
        Decide(retraction, null, new EngagementSource("wire-9", "CHN-USA", "x"))
            .ShouldBeOfType<RecordingDecision.Append>().Event.ShouldBeOfType<EngagementRetracted>();
    }
}
