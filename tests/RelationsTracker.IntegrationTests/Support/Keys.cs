using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten;
using RelationsTracker.Access;
using Shouldly;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>Requests sent with a chosen key (or none) instead of the fixture's admin key, and keys to send.</summary>
public static class Keys
{
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    /// <summary>A new key of that role, stored as <c>relations keys add</c> stores it.</summary>
    public static async Task<string> AddAsync(IDocumentStore store, string role) =>
        (await AccessKeys.AddAsync(store, $"{role}-{Guid.NewGuid():N}", role, TrackerApp.Now, CancellationToken.None)).ShouldNotBeNull();

    /// <summary>GETs the url sending <paramref name="key"/> (none when null), and checks the status.</summary>
    public static Task<IScenarioResult> GetAsync(this IAlbaHost host, string url, string? key, int expectedStatus) =>
        host.SendWithAsync(key, expectedStatus, scenario => scenario.Get.Url(url));

    /// <summary>POSTs the body as JSON sending <paramref name="key"/> (none when null), and checks the status.</summary>
    public static Task<IScenarioResult> PostAsync(this IAlbaHost host, string url, object body, string? key, int expectedStatus) =>
        host.SendWithAsync(key, expectedStatus, scenario =>
        {
            scenario.Post.Text(JsonSerializer.Serialize(body, Json)).ToUrl(url);
            scenario.WithRequestHeader("Content-Type", "application/json");
        });

    public static Task<IScenarioResult> SendWithAsync(this IAlbaHost host, string? key, int expectedStatus, Action<Scenario> request) =>
        host.Scenario(scenario =>
        {
            request(scenario);
            if (key is null)
            {
                scenario.RemoveRequestHeader("Authorization");
            }
            else
            {
                scenario.WithBearerToken(key);
            }

            scenario.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>The problem details of a refused request.</summary>
    public static async Task<JsonNode> ProblemAsync(this IScenarioResult result)
    {
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }
}
