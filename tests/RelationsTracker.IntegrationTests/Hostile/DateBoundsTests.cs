using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests.Hostile;

/// <summary>Dates outside the tracker's bounds are refused on every way in, and never break a read.</summary>
public sealed class DateBoundsTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1799-12-31")]
    [InlineData("0001")]
    public async Task An_occurrence_before_1800_is_refused_naming_the_field(string occurredOn)
    {
        var refused = await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("early", occurredOn), 400);

        refused["errors"]!["occurredOn"].ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_first_day_of_1800_is_accepted_and_every_read_still_answers()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("earliest", "1800-01-01"), 201);

        await EveryRead.ShouldAllAnswerAsync(app.Host);
    }

    [Fact]
    public async Task A_planned_engagement_more_than_50_years_ahead_is_refused_and_one_just_within_is_accepted()
    {
        var beyond = await app.Host.PostJsonAsync("/api/engagements", Submit.Of("planned", "far", "9999-12-31"), 400);
        beyond["errors"]!["occurredOn"].ShouldNotBeNull();
        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("planned", "far", "2075-06-17"), 400);

        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("planned", "near", "2075-06-16"), 201);

        await EveryRead.ShouldAllAnswerAsync(app.Host);
    }

    [Theory]
    [InlineData("endedOn")]
    [InlineData("announcedOn")]
    [InlineData("source.publishedOn")]
    public async Task Every_date_of_an_engagement_is_bounded(string field)
    {
        var meeting = Submit.Meeting("bounded", "2023-06-18");
        var submission = field switch
        {
            "endedOn" => meeting with { EndedOn = "9999-12-31" },
            "announcedOn" => Submit.Of("planned", "bounded", "2025-07-01") with { AnnouncedOn = "0001-01-01" },
            _ => meeting with { Source = meeting.Source! with { PublishedOn = "0001-01-01" } },
        };

        var refused = await app.Host.PostJsonAsync("/api/engagements", submission, 400);

        refused["errors"]![field].ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_and_a_correction_are_refused_with_the_date_named()
    {
        var batch = await app.Host.PostJsonAsync(
            "/api/engagements/batch", new[] { Submit.Meeting("b-1", "2023-06-18"), Submit.Meeting("b-2", "0001-01-01") }, 400);
        batch["errors"]!["[1].occurredOn"].ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(0);

        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("fix", "2023-06-18"), 201);
        var correction = await app.Host.PutJsonAsync("/api/engagements/fix", Submit.Meeting("fix", "0001-01-01"), 400);
        correction["errors"]!["occurredOn"].ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(1);
    }

    [Theory]
    [InlineData("asOf=0001-01-01")]
    [InlineData("asOf=1799-12-31")]
    [InlineData("asOf=9999-12-31")]
    [InlineData("knownAt=9999-12-31")]
    [InlineData("knownAt=0001-01-01")]
    [InlineData("knownAt=9999-12-31T23:59:59Z")]
    public async Task A_question_about_a_day_out_of_bounds_is_a_400_naming_it(string query)
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("known", "2023-06-18"), 201);
        var field = query.Split('=')[0];

        var single = await app.Host.GetJsonAsync($"/api/relationships/USA/CHN?{query}", 400);
        single["errors"]![field].ShouldNotBeNull();
        if (field == "asOf")
        {
            (await app.Host.GetJsonAsync($"/api/relationships?{query}", 400))["errors"]![field].ShouldNotBeNull();
            (await app.Host.GetJsonAsync($"/api/countries/USA?{query}", 400))["errors"]![field].ShouldNotBeNull();
            await app.Host.Scenario(s =>
            {
                s.Get.Url($"/?{query}");
                s.StatusCodeShouldBe(400);
            });
            await app.Host.Scenario(s =>
            {
                s.Get.Url($"/relationships/USA-CHN?{query}");
                s.StatusCodeShouldBe(400);
            });
        }
    }

    [Theory]
    [InlineData("from=0001-01-01")]
    [InlineData("to=9999-12-31")]
    public async Task A_period_out_of_bounds_is_a_400_naming_its_end(string query)
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("known", "2023-06-18"), 201);
        var field = query.Split('=')[0];

        (await app.Host.GetJsonAsync($"/api/relationships/USA/CHN/timeline?{query}", 400))["errors"]![field].ShouldNotBeNull();
        (await app.Host.GetJsonAsync($"/api/relationships/USA/CHN/channels/military/history?{query}", 400))["errors"]![field].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("0001-01-01", "meeting")]
    [InlineData("9999-12-31", "planned")]
    [InlineData("9999", "planned")]
    public async Task Reads_answer_even_with_an_engagement_stored_before_the_bounds_existed(string occurredOn, string kind)
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Of(kind, "today", "2025-06-16", "diplomatic"), 201);
        await StoreUncheckedAsync(Submit.Of(kind, "stored-before", "2023-06-18", "diplomatic"), OccurrenceDate.Parse(occurredOn));

        await EveryRead.ShouldAllAnswerAsync(app.Host);
    }

    /// <summary>Appends an engagement as the tracker did before it bounded dates: without the validator's say.</summary>
    private async Task StoreUncheckedAsync(RecordEngagement submission, OccurrenceDate occurredOn)
    {
        var engagement = Submissions.Accept(submission, DateOnly.FromDateTime(TrackerApp.Now.UtcDateTime)) with { OccurredOn = occurredOn };
        await using var session = app.Store.LightweightSession();
        await EngagementIntake.AppendAsync(
            session,
            new RelationshipLocks(),
            [new PreparedEngagement(engagement.SourceId, engagement, EngagementRecording.Fingerprint(engagement), [])],
            refuse: null,
            CancellationToken.None);
    }
}
