using System.Text.Json;
using CsCheck;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Channels;
using RelationsTracker.Relationships.Listing;
using RelationsTracker.Relationships.Projection;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The projected state answers, JSON for JSON, what evaluating the engagements in force answers
/// (<see cref="RelationshipState.Evaluate"/>, the definition), whatever the relationships, the dates, the order
/// of arrival, the batches (several engagements of a stream in one write), the corrections and the retractions;
/// and rebuilding the projection from the events gives the same tables.
/// </summary>
public sealed class ProjectedStateProperties(TrackerApp app) : IClassFixture<TrackerApp>
{
    private const int Samples = 10;
    private static readonly (string A, string B)[] Pairs = [("USA", "CHN"), ("USA", "JPN"), ("CHN", "RUS")];
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());
    private readonly ActivityWindows _windows = new();

    /// <summary>Engagements of several pairs, written in shuffled batches, then corrected and retracted in part.</summary>
    private static readonly Gen<History> Histories =
        Gen.Select(
                Gen.OneOf(Pairs.Select(p => EngagementGen.Between(p.A, p.B)).ToArray()).Array[1, 24],
                Gen.Int[1, 6],
                Gen.Int[0, 1_000_000].Array[24],
                Gen.OneOf(Pairs.Select(p => EngagementGen.Between(p.A, p.B)).ToArray()).Array[24])
            .SelectMany(t =>
            {
                var (drawn, batchSize, picks, replacements) = t;
                var all = drawn.Select((e, i) => e with { SourceId = $"p-{i:00}" }).ToArray();
                // A correction keeps the engagement's pair; a retraction names one recorded before it.
                var corrections = all.Where((_, i) => picks[i] % 5 == 0)
                    .Select(e => CorrectionOf(e, replacements[Array.IndexOf(all, e)]))
                    .ToArray();
                var retractions = all.Where((_, i) => picks[i] % 4 == 1)
                    .Select(e => e with { SourceId = $"r-{e.SourceId}", Kind = "retraction", Retracts = e.SourceId, AssessedStatus = null, Channel = null })
                    .ToArray();
                return Gen.Shuffle(all).Select(shuffled => new History(all, shuffled.Chunk(batchSize).ToArray(), corrections, retractions));
            });

    [Fact]
    public Task The_projected_state_is_the_evaluated_state_of_the_engagements_in_force() =>
        Histories.SampleAsync(
            async history =>
            {
                await RecordAsync(history);
                var inForce = history.InForce();
                await using var session = app.Store.QuerySession();
                foreach (var (a, b) in Pairs)
                {
                    var key = RelationshipKey.For(a, b);
                    var engagements = inForce.Where(e => RelationshipKey.For(e.Initiator.Country, e.Counterpart.Country) == key)
                        .Order(OccurrenceOrder.Instance)
                        .ToList();
                    foreach (var date in DatesAround(engagements))
                    {
                        var projected = await RelationshipQueries.StateAsync(session, key, date, null, _windows, CancellationToken.None);
                        if (engagements.Count == 0)
                        {
                            projected.ShouldBeNull();
                            continue;
                        }

                        var evaluated = RelationshipState.Evaluate(key, engagements, date, _windows);
                        Serialize(projected).ShouldBe(Serialize(evaluated), $"{key} as of {date:yyyy-MM-dd}");

                        var listed = (await RelationshipQueries.ListAsync(
                            session, new RelationshipFilter(Relationship: key), date, ListingPage.All, CancellationToken.None)).Relationships;
                        listed.SelectMany(r => r.Channels).ShouldBe(
                            engagements.Any(e => e.KnownFrom.Start <= date)
                                ? evaluated.Channels.Select(c => new ChannelSummary(c.Channel, c.Status, c.Since))
                                : [],
                            $"{key} listed as of {date:yyyy-MM-dd}");
                    }

                    foreach (var channel in Enum.GetValues<Channel>())
                    {
                        var (from, to) = (new DateOnly(2020, 6, 1), new DateOnly(2025, 12, 31));
                        var intervals = await RelationshipQueries.HistoryAsync(session, key, channel, from, to, to, CancellationToken.None);
                        var built = ChannelTimeline.Build(engagements.Where(e => e.Channel == channel), channel, to, _windows.For(channel));
                        Serialize(intervals).ShouldBe(
                            engagements.Count == 0 ? Serialize<object?>(null) : Serialize(ChannelHistory.Clip(built, from, to)),
                            $"{key} {channel} history");
                    }
                }
            },
            iter: Samples,
            threads: 1);

    [Fact]
    public Task Rebuilding_the_projection_from_the_events_gives_the_same_tables() =>
        Histories.SampleAsync(
            async history =>
            {
                await RecordAsync(history);
                var live = await ProjectedRows.AllAsync(app.Store);

                using var daemon = await app.Store.BuildProjectionDaemonAsync();
                await daemon.RebuildProjectionAsync(RelationshipStateProjection.Name, TimeSpan.FromSeconds(60), CancellationToken.None);

                (await ProjectedRows.AllAsync(app.Store)).ShouldBe(live);
            },
            iter: 4,
            threads: 1);

    private async Task RecordAsync(History history)
    {
        await app.ResetAsync();
        foreach (var batch in history.Batches)
        {
            await app.Host.PostJsonAsync("/api/engagements/batch", batch, 201);
        }

        foreach (var correction in history.Corrections)
        {
            await app.Host.PutJsonAsync($"/api/engagements/{correction.SourceId}", correction, 200);
        }

        // Retractions arrive in one write together with a late report, several of a stream at once.
        if (history.Retractions.Length > 0)
        {
            await app.Host.PostJsonAsync("/api/engagements/batch", history.Retractions, 201);
        }
    }

    private static RecordEngagement CorrectionOf(RecordEngagement original, RecordEngagement drawn) =>
        drawn with
        {
            SourceId = original.SourceId,
            Initiator = drawn.Initiator! with { Country = original.Initiator!.Country },
            Counterpart = drawn.Counterpart! with { Country = original.Counterpart!.Country },
        };

    /// <summary>Fixed dates, and the days where an answer changes: around each engagement and when a window lapses.</summary>
    private static IEnumerable<DateOnly> DatesAround(IReadOnlyList<Engagement> engagements) =>
        new[] { new DateOnly(2019, 12, 31), new DateOnly(2022, 6, 30), new DateOnly(2026, 1, 1) }
            .Concat(engagements.SelectMany(e => new[]
            {
                e.KnownFrom.Start.AddDays(-1), e.KnownFrom.Start, e.OccurredOn.End.AddDays(1), e.KnownFrom.Start.AddDays(30),
                e.KnownFrom.Start.AddDays(366),
            }))
            .Distinct()
            .Take(40);

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>What is written, in order: batches of engagements, then corrections, then retractions.</summary>
    private sealed record History(RecordEngagement[] All, RecordEngagement[][] Batches, RecordEngagement[] Corrections, RecordEngagement[] Retractions)
    {
        /// <summary>The engagements in force once all is written: the latest version of each, none retracted.</summary>
        public IReadOnlyList<Engagement> InForce()
        {
            var retracted = Retractions.Select(r => r.Retracts).ToHashSet();
            var latest = All.ToDictionary(e => e.SourceId!);
            foreach (var correction in Corrections)
            {
                latest[correction.SourceId!] = correction;
            }

            return [.. latest.Values.Where(e => !retracted.Contains(e.SourceId)).Select(e => Submissions.Accept(e, DateOnly.MaxValue))];
        }
    }
}
