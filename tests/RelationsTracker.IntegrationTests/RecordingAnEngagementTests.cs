using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>One engagement end to end: bus message, event, inline projection, HTTP answer.</summary>
public sealed class RecordingAnEngagementTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_meeting_message_is_stored_as_an_event_projected_and_answered_over_http()
    {
        var outcome = await app.RecordAsync(Submit.Meeting("wire-1", "2023-06-18"));

        outcome.ShouldBe(new EngagementRecorded("wire-1", "CHN-USA", Duplicate: false));

        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("CHN-USA");
        var held = events.ShouldHaveSingleItem().Data.ShouldBeOfType<MeetingHeld>();
        held.Engagement.Initiator.Country.ShouldBe("USA");
        held.Engagement.OccurredOn.ShouldBe(OccurrenceDate.Parse("2023-06-18"));

        (await ProjectedRows.EngagementCountsAsync(app.Store)).ShouldBe(new Dictionary<string, int> { ["CHN-USA"] = 1 });
        var record = (await EngagementHistory.FindAsync(session, "wire-1", CancellationToken.None)).ShouldNotBeNull();
        record.RelationshipId.ShouldBe("CHN-USA");
        record.Current.ShouldBe(held.Engagement);

        var answer = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-01");
        answer["countries"]!.AsArray().Select(c => (string?)c).ShouldBe(["CHN", "USA"]);
        var diplomatic = answer.Channel("diplomatic");
        ((string?)diplomatic["status"]).ShouldBe("open");
        ((string?)diplomatic["since"]).ShouldBe("2023-06-18");
        ((string?)diplomatic["reason"]).ShouldNotBeNull().ShouldContain("wire-1");
        ((string?)answer.Channel("military")["status"]).ShouldBe("unknown");
    }

    [Fact]
    public async Task As_of_leaves_out_engagements_that_occurred_later()
    {
        await app.RecordAsync(Submit.Meeting("early", "2023-01-10"));
        await app.RecordAsync(Submit.Of("rebuff", "later-snub", "2023-03-01", sector: "diplomatic"));

        var before = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-02-01");
        ((string?)before.Channel("diplomatic")["status"]).ShouldBe("open");
        ((string?)before.Channel("diplomatic")["lastEngagement"]!["sourceId"]).ShouldBe("early");

        var after = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-03-01");
        ((string?)after.Channel("diplomatic")["status"]).ShouldBe("stalled");
        ((string?)after.Channel("diplomatic")["since"]).ShouldBe("2023-03-01");

        var beforeAnything = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2022-12-31");
        ((string?)beforeAnything.Channel("diplomatic")["status"]).ShouldBe("unknown");
    }

    [Fact]
    public async Task Either_order_of_the_pair_gives_the_same_answer()
    {
        await app.RecordAsync(Submit.Meeting("pair-order", "2023-05-05", a: "CHN", b: "USA"));

        var forward = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-06-01");
        var backward = await app.Host.GetJsonAsync("/api/relationships/chn/usa?asOf=2023-06-01");

        backward.ToJsonString().ShouldBe(forward.ToJsonString());
    }

    [Fact]
    public async Task A_pair_never_seen_is_a_404_with_a_clear_message()
    {
        var problem = await app.Host.GetJsonAsync("/api/relationships/USA/FRA", 404);

        ((string?)problem["detail"]).ShouldBe("No engagement between USA and FRA has been recorded.");
    }

    [Theory]
    [InlineData("/api/relationships/US/CHN", "a")]
    [InlineData("/api/relationships/USA/XXX", "b")]
    [InlineData("/api/relationships/USA/USA", "b")]
    [InlineData("/api/relationships/USA/CHN?asOf=2023-02-30", "asOf")]
    [InlineData("/api/relationships/USA/CHN?asOf=July", "asOf")]
    public async Task A_malformed_request_is_a_400_naming_the_field(string url, string field)
    {
        var problem = await app.Host.GetJsonAsync(url, 400);

        problem["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task An_invalid_message_is_rejected_naming_the_field_and_nothing_is_stored()
    {
        var invalid = Submit.Meeting("bad-country", "2023-06-18") with
        {
            Counterpart = Submit.Meeting("x", "2023-06-18").Counterpart! with { Country = "ZZZ" },
        };

        var error = await Should.ThrowAsync<InvalidEngagementException>(() => app.RecordAsync(invalid));

        error.Errors.ShouldContain(e => e.Field == "counterpart.country" && e.Problem.Contains("ZZZ"));

        // Nothing of it can be found: not the engagement, not the relationship it names, not a trace in the store.
        await app.Host.GetJsonAsync("/api/engagements/bad-country", 404);
        var list = await app.Host.GetJsonAsync("/api/relationships");
        list["relationships"]!.AsArray().ShouldBeEmpty();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(RelationshipKey.For(invalid.Initiator!.Country!, invalid.Counterpart!.Country!))).ShouldBeNull();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(0);
        (await session.LoadAsync<EngagementSource>("bad-country")).ShouldBeNull();
    }
}
