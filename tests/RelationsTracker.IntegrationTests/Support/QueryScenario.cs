using RelationsTracker.Contracts;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// Three relationships for the query tests. US–China: a military rebuff (2023-06-03), a diplomatic meeting
/// (2023-06-18), a military meeting (2023-08-01). US–France: a diplomatic meeting (2023-05-01). China–Russia:
/// a military rebuff (2023-07-01).
/// </summary>
public static class QueryScenario
{
    public static readonly RecordEngagement[] Engagements =
    [
        Submit.Of("rebuff", "q-usa-chn-rebuff", "2023-06-03"),
        Submit.Meeting("q-usa-chn-meeting", "2023-06-18"),
        Submit.Of("meeting", "q-usa-chn-military-meeting", "2023-08-01"),
        Submit.Meeting("q-usa-fra-meeting", "2023-05-01", "USA", "FRA"),
        Submit.Of("rebuff", "q-chn-rus-rebuff", "2023-07-01", a: "CHN", b: "RUS"),
    ];

    /// <summary>Records the scenario; recording it again changes nothing (the engagements are duplicates).</summary>
    public static async Task RecordAsync(TrackerApp app)
    {
        foreach (var engagement in Engagements)
        {
            await app.RecordAsync(engagement);
        }
    }
}
