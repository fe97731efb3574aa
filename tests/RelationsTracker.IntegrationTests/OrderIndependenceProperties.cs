using System.Text.Json;
using CsCheck;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.Relationships;
using Shouldly;
using Wolverine;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The model's correctness properties, checked on random relationships through the real bus handler and Marten.
/// Each sample resets the database, so the samples run one at a time.
/// </summary>
public sealed class OrderIndependenceProperties(TrackerApp app) : IClassFixture<TrackerApp>
{
    private const int Samples = 12;
    private const string Pair = "CHN-USA";
    private static readonly DateOnly[] Dates = [new(2020, 6, 30), new(2021, 12, 31), new(2023, 3, 15), new(2025, 6, 1)];
    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());
    private readonly ActivityWindows _windows = new();

    [Fact]
    public Task Any_arrival_order_gives_the_same_state() =>
        EngagementGen.RelationshipAndPermutation().SampleAsync(
            async sample =>
            {
                var inOrder = await RecordAndReadAsync(sample.InOrder);
                var shuffled = await RecordAndReadAsync(sample.Shuffled);
                shuffled.ShouldBe(inOrder);
            },
            iter: Samples,
            threads: 1);

    [Fact]
    public Task The_state_as_of_a_date_is_the_state_of_the_engagements_known_by_then() =>
        EngagementGen.Relationship().SampleAsync(
            async all =>
            {
                await RecordAsync(all);
                await using var session = app.Store.QuerySession();
                var engagements = all.Select(e => Submissions.Accept(e, DateOnly.MaxValue)).ToList();
                foreach (var date in Dates)
                {
                    var fromStore = await RelationshipQueries.StateAsync(session, Pair, date, null, _windows, CancellationToken.None);
                    var onlyKnown = engagements.Where(e => e.KnownFrom.Start <= date).Order(OccurrenceOrder.Instance);
                    Serialize(fromStore).ShouldBe(Serialize(RelationshipState.Evaluate(Pair, onlyKnown, date, _windows)));
                }
            },
            iter: Samples,
            threads: 1);

    [Fact]
    public Task A_retracted_engagement_leaves_the_state_as_if_it_had_never_been_recorded() =>
        EngagementGen.Relationship().SampleAsync(
            async all =>
            {
                var withoutFirst = await RecordAndReadAsync(all[1..]);

                var retraction = new RecordEngagement
                {
                    SourceId = "retraction",
                    Kind = "retraction",
                    Retracts = all[0].SourceId,
                    OccurredOn = "2025-01-01",
                    Initiator = new Participant { Country = "USA" },
                    Counterpart = new Participant { Country = "CHN" },
                };
                var withRetracted = await RecordAndReadAsync([.. all, retraction]);

                withRetracted.ShouldBe(withoutFirst);
            },
            iter: Samples,
            threads: 1);

    private async Task RecordAsync(IEnumerable<RecordEngagement> engagements)
    {
        await app.ResetAsync();
        using var scope = app.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var engagement in engagements)
        {
            await bus.RecordAsync(engagement);
        }
    }

    /// <summary>Records the engagements on an empty store and reads the state on several dates, as JSON.</summary>
    private async Task<string[]> RecordAndReadAsync(IEnumerable<RecordEngagement> engagements)
    {
        await RecordAsync(engagements);
        await using var session = app.Store.QuerySession();
        var states = new List<string>();
        foreach (var date in Dates)
        {
            states.Add(Serialize(await RelationshipQueries.StateAsync(session, Pair, date, null, _windows, CancellationToken.None)));
        }

        return [.. states];
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);
}
