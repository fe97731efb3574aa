using System.Text.Json;
using CsCheck;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Listing;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

/// <summary>The chronology answers every date exactly as evaluating the whole relationship does.</summary>
public sealed class RelationshipChronologyProperties
{
    private const string Pair = "CHN-USA";
    private static readonly DateOnly First = new(2019, 1, 1);
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    private static readonly Gen<OccurrenceDate> Date =
        Gen.Select(Gen.Int[0, 4 * 365], Gen.Int[0, 9], (offset, precision) =>
        {
            var day = First.AddDays(offset);
            return OccurrenceDate.Parse(precision switch
            {
                0 => day.ToString("yyyy", null),
                <= 2 => day.ToString("yyyy-MM", null),
                _ => day.ToString("yyyy-MM-dd", null),
            });
        });

    private static readonly Gen<Engagement> OneEngagement =
        Gen.Select(
                Gen.Enum<EngagementKind>().Where(k => k is not EngagementKind.Retraction),
                Gen.Enum<Channel>(),
                Gen.Enum<Sector>(),
                Date,
                Gen.Int[-100, 100],
                Gen.Enum<ChannelStatus>(),
                Gen.Int[0, 5].Select(n => n * -30))
            .Select(t => Build.Engagement(t.Item1, t.Item4.ToString(), channel: t.Item2, sector: t.Item3) with
            {
                AssessedStatus = t.Item1 == EngagementKind.Assessment ? t.Item6 : null,
                AnnouncedOn = t.Item1 == EngagementKind.Planned && t.Item7 < 0 ? OccurrenceDate.Day(t.Item4.Start.AddDays(t.Item7)) : null,
                Coding = CameoCodes.CodingFor(t.Item1, null, null) is { } coding ? coding with { Goldstein = t.Item5 / 10.0 } : null,
            });

    private static readonly Gen<(IReadOnlyList<Engagement> Engagements, ActivityWindows Windows, DateOnly[] Dates)> Sample =
        Gen.Select(
            OneEngagement.Array[1, 30],
            Gen.Int[20, 400],
            Gen.Int[-30, 5 * 365].Array[20],
            (engagements, window, offsets) => (
                (IReadOnlyList<Engagement>)engagements
                    .Select((e, i) => e with { SourceId = $"e-{i:00}" })
                    .Order(OccurrenceOrder.Instance)
                    .ToList(),
                new ActivityWindows { Days = Enum.GetValues<Channel>().ToDictionary(c => c, c => window + (int)c) },
                offsets.Select(o => First.AddDays(o)).ToArray()));

    [Fact]
    public void The_state_on_any_date_is_the_evaluated_state() =>
        Sample.Sample(sample =>
        {
            var chronology = RelationshipChronology.Of(Pair, sample.Engagements, sample.Windows)!;
            foreach (var date in sample.Dates.Concat(sample.Engagements.SelectMany(Around)))
            {
                var looked = chronology.At(date);
                var evaluated = RelationshipState.Evaluate(Pair, sample.Engagements, date, sample.Windows);
                foreach (var (channel, index) in evaluated.Channels.Select((c, i) => (c.Channel, i)))
                {
                    Serialize(looked.Channels[index]).ShouldBe(Serialize(evaluated.Channels[index]), $"{channel} as of {date:yyyy-MM-dd}");
                }

                Serialize(looked).ShouldBe(Serialize(evaluated), $"as of {date:yyyy-MM-dd}");
                Serialize(chronology.TemperatureAt(date)).ShouldBe(Serialize(evaluated.Temperature), $"temperature as of {date:yyyy-MM-dd}");
            }
        });

    [Fact]
    public void A_listing_shows_each_channel_as_the_evaluated_state_does() =>
        Sample.Sample(sample =>
        {
            var chronology = RelationshipChronology.Of(Pair, sample.Engagements, sample.Windows)!;
            foreach (var date in sample.Dates)
            {
                var state = RelationshipState.Evaluate(Pair, sample.Engagements, date, sample.Windows);
                chronology.OverviewAt(date).Channels
                    .ShouldBe(state.Channels.Select(c => new ChannelSummary(c.Channel, c.Status, c.Since)));
                chronology.IsKnownBy(date).ShouldBe(sample.Engagements.Any(e => e.KnownFrom.Start <= date));
            }
        });

    [Fact]
    public void No_engagements_arrange_into_no_chronology() =>
        RelationshipChronology.Of(Pair, [], new ActivityWindows()).ShouldBeNull();

    /// <summary>The days where an answer changes: just before, on and after an engagement, and when a window lapses.</summary>
    private static IEnumerable<DateOnly> Around(Engagement e)
    {
        var day = e.KnownFrom.Start;
        return [day.AddDays(-1), day, e.OccurredOn.End.AddDays(1), day.AddDays(30), day.AddDays(366)];
    }

    private static string Serialize(object value) => JsonSerializer.Serialize(value, Json);
}
