using Alba;
using Microsoft.AspNetCore.Hosting;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests.Hostile;

/// <summary>What a browser is told: no inline script or style, no framing, no sniffing, no other origin unless configured.</summary>
public sealed class BrowserPolicyTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    private const string Analyst = "https://analyst.example";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.Host.PostJsonAsync("/api/engagements", Submit.Meeting("browser-1", "2023-06-18"), 201);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/relationships/USA-CHN")]
    [InlineData("/relationships/USA-XXX")]
    public async Task A_dashboard_page_forbids_inline_script_and_style_and_framing(string url)
    {
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });

        var headers = page.Context.Response.Headers;
        var policy = headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("style-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-inline");
        headers.XFrameOptions.ToString().ShouldBe("DENY");
        headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        headers["Referrer-Policy"].ToString().ShouldBe("no-referrer");

        var html = await page.ReadAsTextAsync();
        html.ShouldNotContain("<style");
        html.ShouldNotContain(" style=");
        html.ShouldNotContain("<script>");
        html.ShouldNotMatch(@"<[^>]*\son[a-z]+=", "no inline event handler (onclick=...)");
    }

    [Fact]
    public async Task The_style_sheet_is_served_with_the_status_colours()
    {
        var css = await app.Host.Scenario(s =>
        {
            s.Get.Url("/dashboard.css");
            s.ContentTypeShouldBe("text/css; charset=utf-8");
        });

        (await css.ReadAsTextAsync()).ShouldContain(".status-stalled");
    }

    [Fact]
    public async Task Another_origin_is_allowed_nothing_when_no_origin_is_configured()
    {
        var read = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/relationships");
            s.WithRequestHeader("Origin", Analyst);
        });
        read.Context.Response.Headers.AccessControlAllowOrigin.ShouldBeEmpty();

        (await PreflightAsync(app.Host)).Context.Response.Headers.AccessControlAllowOrigin.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_configured_origin_may_read_and_write_and_no_other()
    {
        await using var host = await TrackerApp.StartServerAsync(app.ConnectionString, app.Clock, new Dictionary<string, string>
        {
            ["RelationsTracker:Cors:Origins:0"] = Analyst,
        });

        var allowed = await host.Scenario(s =>
        {
            s.Get.Url("/api/relationships");
            s.WithRequestHeader("Origin", Analyst);
        });
        allowed.Context.Response.Headers.AccessControlAllowOrigin.ToString().ShouldBe(Analyst);

        var preflight = await PreflightAsync(host);
        preflight.Context.Response.StatusCode.ShouldBe(204);
        preflight.Context.Response.Headers.AccessControlAllowOrigin.ToString().ShouldBe(Analyst);

        var other = await host.Scenario(s =>
        {
            s.Get.Url("/api/relationships");
            s.WithRequestHeader("Origin", "https://evil.example");
        });
        other.Context.Response.Headers.AccessControlAllowOrigin.ShouldBeEmpty();
    }

    /// <summary>What a browser asks before the analyst's page may POST JSON.</summary>
    private static Task<IScenarioResult> PreflightAsync(IAlbaHost host) =>
        host.Scenario(s =>
        {
            s.ConfigureHttpContext(c =>
            {
                c.Request.Method = "OPTIONS";
                c.Request.Path = "/api/engagements";
                c.Request.Headers.Origin = Analyst;
                c.Request.Headers.AccessControlRequestMethod = "POST";
                c.Request.Headers.AccessControlRequestHeaders = "content-type";
            });
            s.IgnoreStatusCode();
        });
}
