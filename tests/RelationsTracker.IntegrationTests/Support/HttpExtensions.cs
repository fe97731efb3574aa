using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace RelationsTracker.IntegrationTests.Support;

public static class HttpExtensions
{
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    /// <summary>GETs the url, checks the status code, and returns the body as JSON.</summary>
    public static Task<JsonNode> GetJsonAsync(this IAlbaHost host, string url, int expectedStatus = 200) =>
        host.SendAsync(scenario => scenario.Get.Url(url), expectedStatus);

    /// <summary>POSTs the body as JSON, checks the status code, and returns the answer as JSON.</summary>
    public static Task<JsonNode> PostJsonAsync(this IAlbaHost host, string url, object body, int expectedStatus) =>
        host.SendAsync(scenario => scenario.Post.Text(JsonSerializer.Serialize(body, Json)).ToUrl(url), expectedStatus, json: true);

    /// <summary>PUTs the body as JSON, checks the status code, and returns the answer as JSON.</summary>
    public static Task<JsonNode> PutJsonAsync(this IAlbaHost host, string url, object body, int expectedStatus) =>
        host.SendAsync(scenario => scenario.Put.Text(JsonSerializer.Serialize(body, Json)).ToUrl(url), expectedStatus, json: true);

    /// <summary>POSTs raw text as JSON (for malformed bodies).</summary>
    public static Task<JsonNode> PostRawAsync(this IAlbaHost host, string url, string body, int expectedStatus) =>
        host.SendAsync(scenario => scenario.Post.Text(body).ToUrl(url), expectedStatus, json: true);

    private static async Task<JsonNode> SendAsync(this IAlbaHost host, Action<Scenario> request, int expectedStatus, bool json = false)
    {
        var result = await host.Scenario(scenario =>
        {
            request(scenario);
            if (json)
            {
                scenario.WithRequestHeader("Content-Type", "application/json");
            }

            scenario.StatusCodeShouldBe(expectedStatus);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>The channel entry of a relationship answer.</summary>
    public static JsonNode Channel(this JsonNode relationship, string channel) =>
        relationship["channels"]!.AsArray().Single(c => (string?)c!["channel"] == channel)!;

}
