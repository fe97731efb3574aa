using RelationsTracker.Engagements;
using Shouldly;
using Xunit;
using static RelationsTracker.Tests.Build;

namespace RelationsTracker.Tests;

/// <summary>Which version of an engagement the tracker held at a moment of recording.</summary>
public sealed class EngagementRecordTests
{
    private static readonly DateTimeOffset Recorded = new(2023, 7, 13, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Corrected = Recorded.AddHours(2);
    private static readonly DateTimeOffset Retracted = Recorded.AddDays(1);
    private static readonly Engagement First = Engagement(EngagementKind.Meeting, "2023-07-12", "e");
    private static readonly Engagement Correction = Engagement(EngagementKind.Rebuff, "2023-07-12", "e");

    private static EngagementRecord Record(DateTimeOffset? retractedAt = null) => new()
    {
        Id = "e",
        RelationshipId = "CHN-USA",
        Versions = [new EngagementVersion(1, First, Recorded), new EngagementVersion(2, Correction, Corrected)],
        RetractedAt = retractedAt,
    };

    [Fact]
    public void Before_it_was_recorded_the_tracker_held_nothing() =>
        Record().AsKnownAt(Recorded.AddTicks(-10)).ShouldBeNull();

    [Fact]
    public void From_its_recording_to_its_correction_the_first_version_is_in_force()
    {
        Record().AsKnownAt(Recorded).ShouldBe(First);
        Record().AsKnownAt(Corrected.AddTicks(-10)).ShouldBe(First);
    }

    [Fact]
    public void From_its_correction_the_corrected_version_is_in_force()
    {
        Record().AsKnownAt(Corrected).ShouldBe(Correction);
        Record(Retracted).AsKnownAt(Retracted.AddTicks(-10)).ShouldBe(Correction);
    }

    [Fact]
    public void From_its_retraction_the_tracker_holds_nothing() =>
        Record(Retracted).AsKnownAt(Retracted).ShouldBeNull();

    [Fact]
    public void Without_a_moment_the_latest_version_unless_retracted()
    {
        Record().AsKnownAt(null).ShouldBe(Correction);
        Record(Retracted).AsKnownAt(null).ShouldBeNull();
    }
}
