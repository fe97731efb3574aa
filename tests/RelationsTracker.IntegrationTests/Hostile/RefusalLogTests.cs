using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests.Hostile;

/// <summary>A refused request is a finished request in the log, not an error with a stack trace.</summary>
public sealed class RefusalLogTests(TrackerApp app) : IClassFixture<TrackerApp>
{
    [Fact]
    public async Task Refused_requests_are_logged_at_information_without_a_stack_trace()
    {
        await using var host = await TrackerApp.StartServerAsync(app.ConnectionString, app.Clock, services: services => services.AddFakeLogging());
        var logs = host.Services.GetFakeLogCollector();
        logs.Clear();

        await host.PostRawAsync("/api/engagements", "{\"sourceId\":5", 400);
        await host.PostRawAsync("/api/engagements", "{\"sourceId\":\"refused\",\"kind\":\"summit\"}", 400);
        await host.PostRawAsync("/api/engagements/batch", "[{\"sourceId\":\"refused\",\"kind\":\"summit\"}]", 400);
        await host.PutJsonAsync("/api/engagements/never-recorded", Submit.Meeting("never-recorded", "2023-06-18"), 404);
        await host.PostRawAsync("/api/engagements", "null", 400);

        // The host logs a request as finished once its answer is sent, which may be after the client has read it.
        var records = await Eventually.ReturnsAsync(
            () => Task.FromResult(logs.GetSnapshot()),
            snapshot => snapshot.Count(r => r.Level == LogLevel.Information && r.Message.StartsWith("Request finished", StringComparison.Ordinal)) == 5,
            "the five requests to be logged as finished");
        records.Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}").ShouldBeEmpty();
        records.ShouldAllBe(r => r.Exception == null);
    }
}
