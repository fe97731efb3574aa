using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Seed;
using Shouldly;
using SkiaSharp;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>relations plot, run as the real executable on the seed scenario.</summary>
public sealed class PlotCommandTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        foreach (var engagement in SeedScenario.Engagements())
        {
            await app.RecordAsync(engagement);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Plot_writes_the_timeline_as_a_png_with_the_status_colours()
    {
        Directory.CreateDirectory(DashboardBrowser.ScreenshotFolder);
        var file = Path.Combine(DashboardBrowser.ScreenshotFolder, "plot-USA-CHN-2023-07-12.png");
        File.Delete(file);

        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "plot", "USA", "CHN", "-o", file, "--as-of", "2023-07-12");

        exitCode.ShouldBe(0, output);
        output.ShouldContain("Wrote the timeline of CHN–USA as of 2023-07-12");
        new FileInfo(file).Length.ShouldBeGreaterThan(10_000);
        using var image = SKBitmap.Decode(file).ShouldNotBeNull();
        image.Width.ShouldBe(1600);
        image.Height.ShouldBe(720);
        var pixels = image.Pixels;
        pixels.Count(p => p != SKColors.White).ShouldBeGreaterThan(pixels.Length / 10);
        pixels.Distinct().Count().ShouldBeGreaterThan(20);
        // The military lane's stalled band and the diplomatic lane's open band, in the dashboard's colours.
        pixels.ShouldContain(SKColor.Parse("#ffd966"));
        pixels.ShouldContain(SKColor.Parse("#a8e0b2"));
    }

    [Fact]
    public async Task Plot_refuses_a_missing_output_and_a_malformed_day()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "plot", "USA", "CHN", "--as-of", "2023-13-01");

        exitCode.ShouldBe(1, output);
        output.ShouldContain("--as-of: '2023-13-01' is not a date");
        output.ShouldContain("--output: Name the PNG file to write");
    }

    [Fact]
    public async Task Plot_of_a_pair_with_nothing_on_record_fails()
    {
        var (exitCode, output) = await RelationsCli.RunAsync(app.ConnectionString, "plot", "FRA", "DEU", "-o", Path.Combine(Path.GetTempPath(), $"none-{Guid.NewGuid():N}.png"));

        exitCode.ShouldBe(1, output);
        output.ShouldContain("No engagement between DEU and FRA has been recorded.");
    }
}
