using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

public sealed class PreparedEngagementTests
{
    private static readonly DateOnly Today = Build.Day("2026-03-01");

    private static RecordEngagement Meeting(int number) => new()
    {
        SourceId = $"wire-{number}",
        Kind = "meeting",
        OccurredOn = "2023-07-12",
        Initiator = new Participant { Country = "USA" },
        Counterpart = new Participant { Country = number % 2 == 0 ? "CHN" : "RUS" },
    };

    [Fact]
    public void A_large_batch_is_prepared_in_order_each_validated_and_fingerprinted()
    {
        var submissions = Enumerable.Range(0, 1500).Select(Meeting).ToList();

        var batch = PreparedEngagement.PrepareAll(submissions, Today);

        batch.Select(e => e.SourceId).ShouldBe(submissions.Select(s => s.SourceId));
        batch.ShouldAllBe(e => e.Errors.Count == 0);
        var last = batch[^1];
        last.RelationshipId.ShouldBe("RUS-USA");
        last.Engagement!.SourceId.ShouldBe("wire-1499");
        last.Fingerprint.ShouldBe(EngagementRecording.Fingerprint(last.Engagement));
    }

    [Fact]
    public void A_refused_submission_keeps_its_place_and_its_errors_without_holding_up_the_others()
    {
        var submissions = Enumerable.Range(0, 700).Select(Meeting).ToList();
        submissions[650] = submissions[650] with { Kind = "tea party" };

        var batch = PreparedEngagement.PrepareAll(submissions, Today);

        var refused = batch[650];
        refused.SourceId.ShouldBe("wire-650");
        refused.Engagement.ShouldBeNull();
        refused.Errors.Select(e => e.Field).ShouldBe(["kind"]);
        batch.Where(e => e.Engagement is null).ShouldHaveSingleItem();
    }

    [Fact]
    public void An_empty_batch_prepares_nothing()
    {
        PreparedEngagement.PrepareAll([], Today).ShouldBeEmpty();
    }
}
