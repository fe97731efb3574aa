using System.Text.Json.Nodes;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Seed;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>The story the project started from, as an analyst would query it.</summary>
public sealed class SeedScenarioTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
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

    private static IEnumerable<string?> SourceIds(JsonNode? list) => list!.AsArray().Select(e => (string?)e!["sourceId"]);

    [Fact]
    public async Task As_of_2023_07_12_military_is_stalled_since_the_Singapore_rebuff_and_other_channels_are_open()
    {
        var answer = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-12");

        var military = answer.Channel("military");
        ((string?)military["status"]).ShouldBe("stalled");
        ((string?)military["since"]).ShouldBe("2023-06");
        ((bool?)military["restsOnImpreciseDate"]).ShouldBe(true);
        var reason = ((string?)military["reason"]).ShouldNotBeNull();
        reason.ShouldContain("seed-2023-06-singapore-rebuff");
        reason.ShouldContain("Li Shangfu");
        reason.ShouldContain("date known only to the month");
        SourceIds(military["relatedContacts"]).ShouldContain("seed-2023-07-12-xie-ratner-pentagon");
        SourceIds(military["evidence"]).ShouldContain("seed-2023-07-kahl-london-remarks");

        var diplomatic = answer.Channel("diplomatic");
        ((string?)diplomatic["status"]).ShouldBe("open");
        ((string?)diplomatic["reason"]).ShouldNotBeNull().ShouldContain("seed-2023-06-blinken-beijing");
        ((string?)diplomatic["reason"]).ShouldNotBeNull().ShouldContain("seed-2023-07-12-xie-ratner-pentagon");

        var economic = answer.Channel("economic");
        ((string?)economic["status"]).ShouldBe("open");
        ((string?)economic["reason"]).ShouldNotBeNull().ShouldContain("Janet Yellen");

        ((string?)answer.Channel("climate")["upcoming"]!["sourceId"]).ShouldBe("seed-2023-07-kerry-planned-visit");
    }

    [Fact]
    public async Task As_of_2023_05_31_nothing_was_known_of_the_military_channel()
    {
        var answer = await app.Host.GetJsonAsync("/api/relationships/CHN/USA?asOf=2023-05-31");

        ((string?)answer.Channel("military")["status"]).ShouldBe("unknown");
        answer.Channel("military")["since"].ShouldBeNull();
        answer["temperature"]!["windows"]![0]!["count"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task The_temperature_counts_the_coded_engagements_of_each_window()
    {
        var answer = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-12");

        // In the 30 days to 2023-07-12 (from 2023-06-13): Kahl's critical remarks (111, -2), the Pentagon meeting (040, 1),
        // the Yellen visit dated 2023-07 (042, 1.9) and the Kerry plan announced 2023-07 (036, 4); the June engagements
        // count from 2023-06-01, before the window.
        var thirty = answer["temperature"]!["windows"]![0]!;
        thirty["count"]!.GetValue<int>().ShouldBe(4);
        thirty["meanGoldstein"]!.GetValue<double>().ShouldBe(1.23, 0.005);
        thirty["byQuadClass"]!["verbalConflict"]!.GetValue<int>().ShouldBe(1);
        thirty["byQuadClass"]!["verbalCooperation"]!.GetValue<int>().ShouldBe(3);

        var ninety = answer["temperature"]!["windows"]![1]!;
        ninety["count"]!.GetValue<int>().ShouldBe(7);
    }
}
