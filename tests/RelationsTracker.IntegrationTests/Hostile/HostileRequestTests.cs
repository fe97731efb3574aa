using System.Text;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests.Hostile;

/// <summary>
/// Every request of <see cref="HostileRequests"/> is refused with the 4xx it deserves, stores nothing, lets no other
/// origin read the answer, and leaves every read answering.
/// </summary>
public sealed class HostileRequestTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public static IEnumerable<object?[]> Requests => HostileRequests.All();

    public async Task InitializeAsync()
    {
        app.ResetClock();
        var baseline = await SendAsync("POST", "/api/engagements", "application/json", HostileRequests.Engagement(HostileRequests.BaselineSourceId), string.Empty);
        baseline.StatusCode.ShouldBeOneOf(200, 201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void There_are_enough_hostile_requests() => Requests.Count().ShouldBeGreaterThanOrEqualTo(150);

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_hostile_request_is_refused_stores_nothing_and_breaks_no_read(
        string name, string method, string url, string? contentType, string body, string header, int status, string mentions)
    {
        var before = await app.EventCountAsync();

        var answer = await SendAsync(method, url, contentType, Expand(body), header);

        answer.StatusCode.ShouldBe(status, $"{name}: {answer.Body}");
        answer.Body.ShouldContain(mentions, Case.Sensitive, name);
        answer.AllowedOrigin.ShouldBeNull(name);
        (await app.EventCountAsync()).ShouldBe(before, name);
        await EveryRead.ShouldAllAnswerAsync(app.Host, $"after {name}");
        (await SendAsync("GET", $"/api/engagements/{HostileRequests.BaselineSourceId}", null, string.Empty, string.Empty)).StatusCode.ShouldBe(200, name);
    }

    private static string Expand(string body) => body switch
    {
        // One byte past the server's limit of 8 MiB.
        HostileRequests.OversizeBody => new string(' ', (8 * 1024 * 1024) + 1),
        HostileRequests.OversizeBatch => "[" + string.Join(",", Enumerable.Range(0, 1001).Select(i => HostileRequests.Engagement($"hostile-many-{i}"))) + "]",
        _ => body,
    };

    private async Task<(int StatusCode, string Body, string? AllowedOrigin)> SendAsync(string method, string url, string? contentType, string body, string header)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var result = await app.Host.Scenario(scenario =>
        {
            var send = method switch
            {
                "POST" => scenario.Post,
                "PUT" => scenario.Put,
                "DELETE" => scenario.Delete,
                _ => scenario.Get,
            };
            send.Url(url);
            scenario.ConfigureHttpContext(context =>
            {
                context.Request.Body = new MemoryStream(bytes);
                context.Request.ContentLength = bytes.Length;
                context.Request.ContentType = contentType;
                if (header.Split(": ", 2) is [var headerName, var value])
                {
                    context.Request.Headers[headerName] = value;
                }
            });
            scenario.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return (response.StatusCode, await result.ReadAsTextAsync(), response.Headers.AccessControlAllowOrigin.FirstOrDefault());
    }
}
