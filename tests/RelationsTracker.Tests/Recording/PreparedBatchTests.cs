using System.Text;
using System.Text.Json;
using Marten.Services;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

public sealed class PreparedBatchTests
{
    private static readonly DateOnly Today = Build.Day("2026-03-01");

    private static readonly SystemTextJsonSerializer Serializer = new();

    private static RecordEngagement Meeting(int number) => new()
    {
        SourceId = $"wire-{number}",
        Kind = "meeting",
        OccurredOn = "2023-07-12",
        Initiator = new Participant { Country = "USA" },
        Counterpart = new Participant { Country = number % 2 == 0 ? "CHN" : "RUS" },
    };

    [Fact]
    public void A_batch_larger_than_a_slab_is_prepared_in_order_each_with_its_own_event_and_marker()
    {
        var submissions = Enumerable.Range(0, 1500).Select(Meeting).ToList();

        using var batch = PreparedBatch.Prepare(submissions, Today, Serializer);

        batch.Engagements.Select(e => e.SourceId).ShouldBe(submissions.Select(s => s.SourceId));
        batch.Engagements.ShouldAllBe(e => e.Errors.Count == 0);
        var last = batch.Engagements[^1];
        last.RelationshipId.ShouldBe("RUS-USA");
        last.Fingerprint.ShouldBe(EngagementRecording.Fingerprint(last.Engagement!));
        Encoding.UTF8.GetString(last.EventJson.Span).ShouldContain("wire-1499");
        JsonSerializer.Deserialize<EngagementSource>(last.SourceJson.Span).ShouldBe(new EngagementSource("wire-1499", "RUS-USA", last.Fingerprint));
    }

    [Fact]
    public void A_refused_submission_keeps_its_place_and_its_errors_without_holding_up_the_others()
    {
        var submissions = Enumerable.Range(0, 700).Select(Meeting).ToList();
        submissions[650] = submissions[650] with { Kind = "tea party" };

        using var batch = PreparedBatch.Prepare(submissions, Today, Serializer);

        var refused = batch.Engagements[650];
        refused.SourceId.ShouldBe("wire-650");
        refused.Engagement.ShouldBeNull();
        refused.Errors.Select(e => e.Field).ShouldBe(["kind"]);
        batch.Engagements.Where(e => e.Engagement is null).ShouldHaveSingleItem();
    }

    [Fact]
    public void An_empty_batch_prepares_nothing()
    {
        using var batch = PreparedBatch.Prepare([], Today, Serializer);

        batch.Engagements.ShouldBeEmpty();
    }
}
