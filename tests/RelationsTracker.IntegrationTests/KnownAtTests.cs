using System.Globalization;
using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// GET /api/relationships/{a}/{b}?knownAt=: what the tracker said at a moment of recording — after an engagement
/// was recorded, then corrected, then retracted — alone and together with asOf.
/// </summary>
public sealed class KnownAtTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        app.ResetClock();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_state_as_known_at_a_moment_uses_the_versions_and_retractions_recorded_by_then()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("jp-diplomatic", "2023-01-10", "USA", "JPN"), 201);
        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("meeting", "jp-military", "2023-03-01", a: "USA", b: "JPN"), 201);
        await app.Host.PutJsonAsync("/api/engagements/jp-military", Submit.Of("rebuff", "jp-military", "2023-03-01", a: "USA", b: "JPN"), 200);
        var retraction = Submit.Of("retraction", "jp-retraction", "2023-04-01", a: "USA", b: "JPN") with { Retracts = "jp-military" };
        await app.Host.PostJsonAsync("/api/engagements", retraction, 201);

        await using var session = app.Store.QuerySession();
        var first = (await EngagementHistory.FindAsync(session, "jp-diplomatic", CancellationToken.None))!.Versions[0].RecordedAt;
        var military = (await EngagementHistory.FindAsync(session, "jp-military", CancellationToken.None))!;
        var recorded = military.Versions[0].RecordedAt;
        var corrected = military.Versions[1].RecordedAt;
        var retracted = military.RetractedAt!.Value;

        var before = await app.Host.GetJsonAsync(Url(first.AddTicks(-10)), 404);
        ((string?)before["detail"]).ShouldBe(
            $"Nothing between JPN and USA was on record as known at {Moment(first.AddTicks(-10))}: the first engagement between them was recorded at {Moment(first)}.");
        (await MilitaryAsync(Url(recorded, "2023-03-15"))).ShouldBe("open");
        (await MilitaryAsync(Url(recorded, "2023-02-01"))).ShouldBe("unknown");
        (await MilitaryAsync(Url(corrected.AddTicks(-10), "2023-03-15"))).ShouldBe("open");
        (await MilitaryAsync(Url(corrected, "2023-03-15"))).ShouldBe("stalled");
        (await MilitaryAsync(Url(retracted.AddTicks(-10), "2023-03-15"))).ShouldBe("stalled");
        (await MilitaryAsync(Url(retracted, "2023-03-15"))).ShouldBe("unknown");
        (await MilitaryAsync("/api/relationships/USA/JPN?asOf=2023-03-15")).ShouldBe("unknown");

        var state = await app.Host.GetJsonAsync(Url(retracted, "2023-03-15"));
        ((string?)state.Channel("diplomatic")["status"]).ShouldBe("open");
        DateTimeOffset.Parse((string)state["knownAt"]!, CultureInfo.InvariantCulture).ShouldBe(retracted);
    }

    [Fact]
    public async Task A_day_means_the_end_of_that_day_and_is_the_day_asked_about_when_none_is_named()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("kr-meeting", "2023-01-10", "USA", "KOR"), 201);
        await using var session = app.Store.QuerySession();
        var recorded = (await EngagementHistory.FindAsync(session, "kr-meeting", CancellationToken.None))!.Versions[0].RecordedAt;
        var recordedOn = DateOnly.FromDateTime(recorded.UtcDateTime);

        // The server's today, far from the day of recording (PostgreSQL's): a day named by knownAt must not fall back on it.
        app.Clock.AdjustTime(new DateTimeOffset(2023, 2, 1, 12, 0, 0, TimeSpan.Zero));
        var state = await app.Host.GetJsonAsync($"/api/relationships/USA/KOR?knownAt={Day(recordedOn)}");
        await app.Host.GetJsonAsync($"/api/relationships/USA/KOR?knownAt={Day(recordedOn.AddDays(-1))}", 404);

        ((string?)state["asOf"]).ShouldBe(Day(recordedOn));
        ((string?)state.Channel("diplomatic")["status"]).ShouldBe("dormant");

        // With neither named, the day is the server's today: three weeks after the meeting, then years after it.
        var soon = await app.Host.GetJsonAsync("/api/relationships/USA/KOR");
        ((string?)soon["asOf"]).ShouldBe("2023-02-01");
        ((string?)soon.Channel("diplomatic")["status"]).ShouldBe("open");
        app.ResetClock();
        var later = await app.Host.GetJsonAsync("/api/relationships/USA/KOR");
        ((string?)later["asOf"]).ShouldBe(Day(DateOnly.FromDateTime(TrackerApp.Now.UtcDateTime)));
        ((string?)later.Channel("diplomatic")["status"]).ShouldBe("dormant");
    }

    [Fact]
    public async Task A_relationship_whose_engagements_were_all_retracted_by_then_says_so()
    {
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("in-meeting", "2023-01-10", "USA", "IND"), 201);
        var retraction = Submit.Of("retraction", "in-retraction", "2023-02-01", a: "USA", b: "IND") with { Retracts = "in-meeting" };
        await app.Host.PostJsonAsync("/api/engagements", retraction, 201);

        await using var session = app.Store.QuerySession();
        var retracted = (await EngagementHistory.FindAsync(session, "in-meeting", CancellationToken.None))!.RetractedAt!.Value;

        // As known the moment the retraction was recorded, on the database's clock that stamps recordings.
        var problem = await app.Host.GetJsonAsync(
            $"/api/relationships/USA/IND?knownAt={Uri.EscapeDataString(retracted.ToString("o", CultureInfo.InvariantCulture))}", 404);

        ((string?)problem["detail"]).ShouldStartWith("Nothing between IND and USA was in force as known at ");
        ((string?)problem["detail"]).ShouldEndWith(": what had been recorded by then had been retracted.");
    }

    private static string Moment(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Url(DateTimeOffset knownAt, string? asOf = null) =>
        $"/api/relationships/USA/JPN?knownAt={Uri.EscapeDataString(knownAt.ToString("o", CultureInfo.InvariantCulture))}"
        + (asOf is null ? string.Empty : $"&asOf={asOf}");

    private async Task<string?> MilitaryAsync(string url) => (string?)(await app.Host.GetJsonAsync(url)).Channel("military")["status"];
}
