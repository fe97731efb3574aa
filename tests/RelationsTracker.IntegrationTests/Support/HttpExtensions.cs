using System.Text.Json.Nodes;
using Alba;

namespace RelationsTracker.IntegrationTests.Support;

public static class HttpExtensions
{
    /// <summary>GETs the url, checks the status code, and returns the body as JSON.</summary>
    public static async Task<JsonNode> GetJsonAsync(this IAlbaHost host, string url, int expectedStatus = 200)
    {
        var result = await host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            scenario.StatusCodeShouldBe(expectedStatus);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    /// <summary>The channel entry of a relationship answer.</summary>
    public static JsonNode Channel(this JsonNode relationship, string channel) =>
        relationship["channels"]!.AsArray().Single(c => (string?)c!["channel"] == channel)!;
}
