using Alba;
using Shouldly;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>A question to every read endpoint and page about the US–China relationship, for tests that must leave them all answering.</summary>
public static class EveryRead
{
    public static readonly string[] Urls =
    [
        "/api/relationships",
        "/api/relationships/USA/CHN",
        "/api/relationships/USA/CHN?knownAt=2075-01-01",
        "/api/countries/USA",
        "/api/relationships/USA/CHN/timeline",
        "/api/relationships/USA/CHN/channels/diplomatic/history",
        "/api/dead-letters",
        "/",
        "/relationships/USA-CHN",
        "/health/ready",
    ];

    /// <summary>Asks each read and expects a 200; <paramref name="after"/> says after what, when one fails.</summary>
    public static async Task ShouldAllAnswerAsync(IAlbaHost host, string after = "")
    {
        foreach (var url in Urls)
        {
            var result = await host.Scenario(s =>
            {
                s.Get.Url(url);
                s.IgnoreStatusCode();
            });
            result.Context.Response.StatusCode.ShouldBe(200, $"{url} {after}");
        }
    }
}
