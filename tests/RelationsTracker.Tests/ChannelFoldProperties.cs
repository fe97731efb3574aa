using System.Text.Json;
using CsCheck;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

/// <summary>
/// A channel's fold resumed from any day, given only what the steps before that day leave, emits exactly the steps
/// of a fold over all the engagements from there: what the projection relies on to bring a channel up to date from
/// the earliest engagement that changed.
/// </summary>
public sealed class ChannelFoldProperties
{
    private static readonly DateOnly First = new(2019, 1, 1);
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    private static readonly Gen<OccurrenceDate> Date =
        Gen.Select(Gen.Int[0, 3 * 365], Gen.Int[0, 9], (offset, precision) =>
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
                Date,
                Gen.Enum<ChannelStatus>())
            .Select((kind, date, assessed) => Build.Engagement(kind, date.ToString(), channel: Channel.Military) with
            {
                AssessedStatus = kind == EngagementKind.Assessment ? assessed : null,
            });

    private static readonly Gen<(List<Engagement> Engagements, int Window, DateOnly Day)> Sample =
        Gen.Select(OneEngagement.Array[1, 25], Gen.Int[10, 200], Gen.Int[-10, 4 * 365], (engagements, window, offset) => (
            engagements.Select((e, i) => e with { SourceId = $"e-{i:00}" }).Order(OccurrenceOrder.Instance).ToList(),
            window,
            First.AddDays(offset)));

    [Fact]
    public void Resuming_from_any_day_emits_the_rest_of_the_full_fold() =>
        Sample.Sample(sample =>
        {
            var (engagements, window, day) = sample;
            var full = Fold(ChannelFold.Start(Channel.Military, window), engagements);

            var kept = full.TakeWhile(s => s.EmittedBy is { } by && by.KnownFrom.Start < day).ToList();
            var resumed = Fold(ChannelFold.Resume(Channel.Military, window, kept.LastOrDefault()?.Step), engagements.Where(e => e.KnownFrom.Start >= day));

            kept.Concat(resumed).Select(s => Serialize(s.Step)).ShouldBe(full.Select(s => Serialize(s.Step)));
            full.Skip(kept.Count).ShouldAllBe(s => s.EmittedBy == null || s.EmittedBy.KnownFrom.Start >= day);
        });

    private static string Serialize(StatusStep step) => JsonSerializer.Serialize(step, Json);

    private static List<EmittedStep> Fold(ChannelFold fold, IEnumerable<Engagement> engagements)
    {
        foreach (var engagement in engagements)
        {
            fold.Add(engagement);
        }

        fold.Finish();
        return [.. fold.Emitted];
    }
}
