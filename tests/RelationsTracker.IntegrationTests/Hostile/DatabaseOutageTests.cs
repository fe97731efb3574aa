using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests.Hostile;

/// <summary>With its database out of reach, the server answers 503 with Retry-After and says so once in its log.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;
    private DatabaseRelay _relay = null!;
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _relay = new DatabaseRelay(_connectionString);
        _host = await TrackerApp.StartServerAsync(_relay.ConnectionString, TimeProvider.System, services: services => services.AddFakeLogging());
    }

    public async Task DisposeAsync()
    {
        _relay.Restore();
        // Disposal stops the host; stopping it first as well would stop Marten's projection coordinator twice.
        await _host.DisposeAsync();
        await _relay.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task Requests_during_an_outage_are_503s_with_Retry_After_logged_once_and_the_recovery_is_logged()
    {
        await _host.PostJsonAsync("/api/engagements", Submit.Meeting("before-outage", "2023-06-18"), 201);
        (await StatusAsync("/health/ready")).ShouldBe(200);

        _relay.Cut();
        foreach (var url in new[] { "/api/relationships", "/api/relationships/USA/CHN", "/", "/api/engagements/before-outage" })
        {
            await _host.Scenario(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(503);
                s.Header("Retry-After").SingleValueShouldEqual("5");
            });
        }

        var refused = await _host.Scenario(s =>
        {
            s.Post.Json(Submit.Meeting("during-outage", "2023-06-19")).ToUrl("/api/engagements");
            s.StatusCodeShouldBe(503);
        });
        (await refused.ReadAsTextAsync()).ShouldContain("database is unavailable");
        (await StatusAsync("/health/ready")).ShouldBe(503);
        (await StatusAsync("/health/live")).ShouldBe(200);

        _relay.Restore();
        await Eventually.ReturnsAsync(() => StatusAsync("/api/relationships"), status => status == 200, "the server to answer again");
        var outage = await Eventually.ReturnsAsync(
            () => Task.FromResult(OutageLog()), log => log.Any(r => r.Level == LogLevel.Information), "the recovery to be logged", seconds: 20);

        outage.Count(r => r.Level == LogLevel.Warning).ShouldBe(1);
        outage.ShouldAllBe(r => r.Exception == null);
        var unhandled = _host.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Level >= LogLevel.Error && r.Category?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true)
            .ToList();
        unhandled.ShouldBeEmpty(string.Join(Environment.NewLine, unhandled.Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Message} {r.Exception}")));
    }

    private IReadOnlyList<FakeLogRecord> OutageLog() =>
        [.. _host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "RelationsTracker.Server.DatabaseOutage")];

    private async Task<int> StatusAsync(string url)
    {
        var result = await _host.Scenario(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }
}
