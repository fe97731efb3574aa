using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Seed;
using Xunit;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// For one test class: the real server on a database of its own, loaded with the seed scenario,
/// <see cref="KerryXieMeeting"/>, <see cref="LongRelationship"/> and <see cref="FranceMeetings"/>, and Debian's Chromium
/// driven by Playwright (its own browser download is not used).
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>An engagement with a source address, after the seed scenario's story: a link the tooltips must give.</summary>
    public static readonly RecordEngagement KerryXieMeeting = new()
    {
        SourceId = "dashboard-2023-07-17-kerry-xie-beijing",
        Kind = "meeting",
        OccurredOn = "2023-07-17",
        Initiator = new Participant { Country = "USA", Name = "John Kerry", Title = "Special Presidential Envoy for Climate", Sector = "climate" },
        Counterpart = new Participant { Country = "CHN", Name = "Xie Zhenhua", Title = "Special Envoy for Climate Change", Sector = "climate" },
        Location = "Beijing",
        Source = new SourceReference { Publisher = "Example News", Url = "https://example.org/2023/07/17/kerry-xie-beijing" },
    };

    /// <summary>
    /// A long relationship, Japan–South Korea: a meeting one day and a rebuff the next on the military channel, for
    /// 2,000 days from 2015-01-01: more engagements and changes of status than the chart can draw apart.
    /// </summary>
    public static IReadOnlyList<RecordEngagement> LongRelationship { get; } = [.. Enumerable.Range(0, 2_000).Select(i => new RecordEngagement
    {
        SourceId = $"long-{i}",
        Kind = i % 2 == 0 ? "meeting" : "rebuff",
        OccurredOn = new DateOnly(2015, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Initiator = new Participant { Country = "JPN", Name = "Minister of Defense", Sector = "defense" },
        Counterpart = new Participant { Country = "KOR", Name = "Minister of National Defense", Sector = "defense" },
    })];

    /// <summary>
    /// France's ambassador meeting one country after another on 2023-06-18, the first 55 by code: with US–China and
    /// Japan–South Korea, more relationships than the overview's page of 50 holds.
    /// </summary>
    public static IReadOnlyList<RecordEngagement> FranceMeetings { get; } = [.. Countries.All.Keys
        .Where(c => c is not ("FRA" or "USA" or "CHN" or "JPN" or "KOR"))
        .Order(StringComparer.Ordinal)
        .Take(55)
        .Select(c => new RecordEngagement
        {
            SourceId = $"france-{c}",
            Kind = "meeting",
            OccurredOn = "2023-06-18",
            Initiator = new Participant { Country = "FRA", Name = "Ambassador of France", Sector = "diplomatic" },
            Counterpart = new Participant { Country = c, Name = "Foreign Minister", Sector = "diplomatic" },
        })];

    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    private string _connectionString = string.Empty;
    private IPlaywright _playwright = null!;

    public ServerProcess Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the pages' screenshots go: TestResults/screenshots beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        Server = await ServerProcess.StartAsync(_connectionString);
        using var client = Server.Client();
        using var recorded = await client.PostAsJsonAsync(
            new Uri("/api/engagements/batch", UriKind.Relative), SeedScenario.Engagements().Append(KerryXieMeeting).Concat(FranceMeetings), Json);
        recorded.EnsureSuccessStatusCode();
        foreach (var batch in LongRelationship.Chunk(1_000))
        {
            using var longRecorded = await client.PostAsJsonAsync(new Uri("/api/engagements/batch", UriKind.Relative), batch, Json);
            longRecorded.EnsureSuccessStatusCode();
        }

        // Web-first assertions keep their own timeout, for the whole process: the same time as the pages' actions.
        Assertions.SetDefaultExpectTimeout(120_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // No sandbox as root; no calls home, which this network refuses, many at a time.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page of a laptop's screen size (1366x768) on the server.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });

        // The whole suite runs in parallel on two cores, imports included: give the browser time, not 30 s.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }
}
