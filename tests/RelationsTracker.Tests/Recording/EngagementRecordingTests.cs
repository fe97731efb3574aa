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

    /// <summary>
    /// Fingerprints are stored with every recorded engagement: if the digest of the same content changed between
    /// releases, every repeat of an engagement recorded before an upgrade would be refused as a conflict.
    /// </summary>
    [Fact]
    public void The_fingerprint_of_the_same_content_does_not_change_between_releases()
    {
        var visit = new Engagement
        {
            SourceId = "wire-7",
            Kind = EngagementKind.Visit,
            OccurredOn = OccurrenceDate.Parse("2023-06"),
            EndedOn = OccurrenceDate.Parse("2023-06-19"),
            Initiator = new Party("USA", "Antony Blinken", "Secretary of State", Sector.Diplomatic),
            Counterpart = new Party("CHN", "Wang Yi 王毅", "Director of the \"Foreign Affairs\" Commission", Sector.Diplomatic),
            Channel = Channel.Diplomatic,
            ChannelDerived = true,
            Stance = Stance.Neutral,
            Location = "Beijing <Diaoyutai>",
            Summary = "Talks described as \"candid\" & constructive — café diplomacy",
            DurationMinutes = 330,
            Coding = new EventCoding("042", 1.9, QuadClass.VerbalCooperation, "CONSULT", "visit"),
            Source = new Source("Reuters", "https://example.org/a?b=1&c=2", OccurrenceDate.Parse("2023-06-19"), "a quote"),
        };

        EngagementRecording.Fingerprint(Meeting).ShouldBe("38D43FA7AB2013A0EFF327A4E2C2E7168A572AB34F45EF873B612D479F4690C0");
        EngagementRecording.Fingerprint(visit).ShouldBe("CF770F26643FEC41A52EA31DEF87FABF8B4E20319A9F7CE7CF4E7383400E6E74");
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

    [Fact]
    public void Only_a_retraction_of_an_engagement_not_recorded_may_succeed_later()
    {
        var retraction = Build.Engagement(EngagementKind.Retraction, "2023-07-20", sourceId: "fix-1", retracts: "wire-9");

        Should.Throw<InvalidEngagementException>(() => Decide(retraction, null, retracted: null))
            .RetractsWhatIsNotRecorded.ShouldBeTrue();
        Should.Throw<InvalidEngagementException>(() => Decide(retraction, null, new EngagementSource("wire-9", "FRA-USA", "x")))
            .RetractsWhatIsNotRecorded.ShouldBeFalse();
        Should.Throw<InvalidEngagementException>(() => Submissions.Accept(new RelationsTracker.Contracts.RecordEngagement { SourceId = "fix-2" }, new DateOnly(2024, 1, 1)))
            .RetractsWhatIsNotRecorded.ShouldBeFalse();
    }
}
