using System.Text.Json;
using CsCheck;
using Marten;
using Microsoft.Extensions.DependencyInjection;
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
                    .Select(RetractionOf)
                    .ToArray();
                return Gen.Shuffle(all).Select(shuffled => new History(all, shuffled.Chunk(batchSize).ToArray(), corrections, retractions));
            });

    [Fact]
    public Task The_projected_state_is_the_evaluated_state_of_the_engagements_in_force() =>
        Histories.SampleAsync(
            async history =>
            {
                await RecordAsync(history);
                await ProjectedIsEvaluatedAsync(history);
            },
            iter: Samples,
            threads: 1);

    [Fact]
    public async Task A_write_that_changes_a_channel_on_days_far_apart_refolds_each_stretch_from_the_steps_stored_before_it()
    {
        // Open from a run of meetings, then dormant a year after the last; one write then adds a late meeting early in
        // the run and a rebuff after the dormancy, so that the second stretch starts from the stored step of the last
        // meeting, which keeps the channel open: it must go dormant a year after that meeting, not after the first.
        var meetings = Enumerable.Range(0, 12)
            .Select(i => Meeting($"m-{i:00}", new DateOnly(2022, 1, 10).AddDays(20 * i)))
            .ToArray();
        var late = new[] { Meeting("late", new DateOnly(2022, 1, 20)), Meeting("rebuff", new DateOnly(2023, 10, 1)) with { Kind = "rebuff" } };
        await app.ResetAsync();
        await app.Host.PostJsonAsync("/api/engagements/batch", meetings, 201);
        await using (var session = app.Store.QuerySession())
        {
            // Projected apart, so that the second write refolds from the stored steps.
            await ProjectedRows.CaughtUpAsync(session);
        }

        await app.Host.PostJsonAsync("/api/engagements/batch", late, 201);

        await ProjectedIsEvaluatedAsync(new History([.. meetings, .. late], [], [], []));
    }

    private async Task ProjectedIsEvaluatedAsync(History history)
    {
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

            await ChannelHistoriesAreBuiltAsync(session, key, engagements);
        }
    }

    /// <summary>
    /// One relationship's long history, recorded in date order a few at a time but for late reports, which come after
    /// in one write, then partly retracted in one write: changes on many days of a channel at once, twice.
    /// </summary>
    private static readonly Gen<History> LongHistories =
        Gen.Select(EngagementGen.Between("USA", "CHN").Array[30, 60], Gen.Int[1, 3], Gen.Int[0, 9].Array[60])
            .Select(t =>
            {
                var (drawn, batchSize, lateness) = t;
                var all = drawn.Select((e, i) => e with { SourceId = $"l-{i:00}" }).ToArray();
                // Most arrive in date order; about one in five arrives after everything else.
                var ordered = all.OrderBy(e => e.OccurredOn, StringComparer.Ordinal).ToArray();
                var late = ordered.Where((_, i) => lateness[i] <= 1).ToArray();
                var batches = ordered.Where((_, i) => lateness[i] > 1).Chunk(batchSize).Append(late).Where(batch => batch.Length > 0);
                // Then about one in ten is retracted, all in one write: changes on many days of a channel at once.
                var retractions = ordered.Where((_, i) => lateness[i] == 9)
                    .Select(RetractionOf)
                    .ToArray();
                return new History(all, batches.ToArray(), [], retractions);
            });

    [Fact]
    public Task Late_reports_into_a_long_history_leave_the_steps_the_rules_and_a_rebuild_give() =>
        LongHistories.SampleAsync(
            async history =>
            {
                await RecordedThenRebuiltAsync(history);
                await using var session = app.Store.QuerySession();
                await ChannelHistoriesAreBuiltAsync(session, RelationshipKey.For("USA", "CHN"), [.. history.InForce().Order(OccurrenceOrder.Instance)]);
            },
            iter: 6,
            threads: 1);

    [Fact]
    public async Task A_late_meeting_rewrites_the_steps_up_to_the_next_meeting_and_keeps_the_ones_after()
    {
        var (_, before) = await MeetingsEveryTwentyDaysAsync();

        await app.Host.PostJsonAsync("/api/engagements/batch", new[] { Meeting("late", new DateOnly(2024, 3, 1)) }, 201);

        var after = await StepPositionsAsync();
        after.Count.ShouldBe(before.Count + 1);
        // Steps emitted by m-03 (2024-03-20) and later are the stored rows, untouched; the late one joins in between.
        after.Where(s => string.CompareOrdinal(s.EmittedBy, "m-04") >= 0).ShouldBe(before.Where(s => string.CompareOrdinal(s.EmittedBy, "m-04") >= 0));
        after.Select(s => s.EmittedBy).ShouldBe(before.Select(s => s.EmittedBy).Take(3).Append("late").Concat(before.Select(s => s.EmittedBy).Skip(3)));
    }

    [Fact]
    public async Task Late_meetings_of_one_write_on_days_near_and_far_apart_each_add_their_step_and_leave_the_others()
    {
        var (meetings, before) = await MeetingsEveryTwentyDaysAsync();

        // The refold from the first takes in the second, before the next stored meeting; the third is months later.
        RecordEngagement[] late = [Meeting("late-a", new DateOnly(2024, 2, 5)), Meeting("late-b", new DateOnly(2024, 2, 10)), Meeting("late-c", new DateOnly(2024, 6, 1))];
        await app.Host.PostJsonAsync("/api/engagements/batch", late, 201);

        var after = await StepPositionsAsync();
        after.Select(s => s.EmittedBy).ShouldBe(
            [.. before.Select(s => s.EmittedBy).Take(2), "late-a", "late-b", .. before.Select(s => s.EmittedBy).Skip(2).Take(6), "late-c", .. before.Select(s => s.EmittedBy).Skip(8)]);
        // The others keep their places; their rows are untouched, but for the steps before each stretch, which now end sooner.
        var stored = after.Where(s => !s.EmittedBy.StartsWith("late", StringComparison.Ordinal)).ToList();
        stored.Select(s => (s.EmittedBy, s.Index)).ShouldBe(before.Select(s => (s.EmittedBy, s.Index)));
        string[] endSooner = ["m-01", "m-07"];
        stored.Where(s => !endSooner.Contains(s.EmittedBy)).ShouldBe(before.Where(s => !endSooner.Contains(s.EmittedBy)));
        await ProjectedIsEvaluatedAsync(new History([.. meetings, .. late], [], [], []));
    }

    [Fact]
    public async Task Steps_stored_as_an_earlier_release_stored_them_are_brought_to_this_layout_and_answer_as_before()
    {
        var (meetings, answers, before) = await EarlierStepLayoutAsync();

        // A process that starts on it (this one made sure of the tables before) finds the state as it was.
        using (var upgraded = DocumentStore.For(options => RelationsTrackerStore.Configure(options, app.ConnectionString)))
        {
            (await answers(upgraded)).ShouldBe(before);
        }

        // A late meeting inside the run the rebuff ended refolds past steps that have no fingerprint yet.
        var late = Meeting("late", new DateOnly(2022, 3, 1));
        await app.Host.PostJsonAsync("/api/engagements/batch", new[] { late }, 201);
        await ProjectedIsEvaluatedAsync(new History([.. meetings, late], [], [], []));
    }

    [Fact]
    public async Task A_server_starts_on_steps_stored_as_an_earlier_release_stored_them_and_answers_as_before()
    {
        var (_, answers, before) = await EarlierStepLayoutAsync();

        // Marten's migrations at the server's start cannot make this change: the steps are brought to this layout first.
        await using var server = await TrackerApp.StartServerAsync(app.ConnectionString, app.Clock);
        (await answers(server.Services.GetRequiredService<IDocumentStore>())).ShouldBe(before);
    }

    /// <summary>
    /// Records meetings and a rebuff, then stores their steps as a release before this layout stored them: each step's
    /// interval as JSON, its deciding engagements in full. Returns how to ask a store the state on days around them,
    /// and the answers before.
    /// </summary>
    private async Task<(RecordEngagement[] Meetings, Func<IDocumentStore, Task<List<string>>> Answers, List<string> Before)> EarlierStepLayoutAsync()
    {
        var meetings = Enumerable.Range(0, 12)
            .Select(i => Meeting($"m-{i:00}", new DateOnly(2022, 1, 10).AddDays(20 * i)))
            .Append(Meeting("rebuff", new DateOnly(2022, 4, 1)) with { Kind = "rebuff" })
            .ToArray();
        await app.ResetAsync();
        await app.Host.PostJsonAsync("/api/engagements/batch", meetings, 201);
        var key = RelationshipKey.For("USA", "CHN");
        var dates = DatesAround([.. meetings.Select(e => Submissions.Accept(e, DateOnly.MaxValue))]).ToList();
        async Task<List<string>> AnswersAsync(IDocumentStore store)
        {
            await using var session = store.QuerySession();
            var answers = new List<string>();
            foreach (var date in dates)
            {
                answers.Add(Serialize(await RelationshipQueries.StateAsync(session, key, date, null, _windows, CancellationToken.None)));
            }

            return answers;
        }

        var before = await AnswersAsync(app.Store);
        await using (var session = app.Store.LightweightSession())
        {
            session.QueueSqlCommand($"alter table {ProjectedTables.StepTable} add column step jsonb");
            session.QueueSqlCommand($"update {ProjectedTables.StepTable} s set step = {ProjectedTables.IntervalJson("s")}::jsonb");
            session.QueueSqlCommand($"alter table {ProjectedTables.StepTable} drop column reason, drop column decided_by, alter column step set not null");
            await session.SaveChangesAsync();
        }

        return (meetings, AnswersAsync, before);
    }

    private static RecordEngagement Meeting(string sourceId, DateOnly on) => new()
    {
        SourceId = sourceId,
        Kind = "meeting",
        OccurredOn = on.ToString("yyyy-MM-dd", null),
        Initiator = new Participant { Country = "USA", Sector = "military" },
        Counterpart = new Participant { Country = "CHN", Sector = "military" },
    };

    /// <summary>Twelve military meetings, 20 days apart from 10 January 2024, on an empty state; their steps' places.</summary>
    private async Task<(RecordEngagement[] Meetings, IReadOnlyList<StepPosition> Steps)> MeetingsEveryTwentyDaysAsync()
    {
        await app.ResetAsync();
        var meetings = Enumerable.Range(0, 12)
            .Select(i => Meeting($"m-{i:00}", new DateOnly(2024, 1, 10).AddDays(20 * i)))
            .ToArray();
        await app.Host.PostJsonAsync("/api/engagements/batch", meetings, 201);
        return (meetings, await StepPositionsAsync());
    }

    private async Task<IReadOnlyList<StepPosition>> StepPositionsAsync()
    {
        await using var session = app.Store.QuerySession();
        await ProjectedRows.CaughtUpAsync(session);
        return await session.QueryAsync<StepPosition>(
            "select json_build_object('emittedBy', emitted_by, 'index', idx, 'rowId', ctid::text) " +
            $"from {ProjectedTables.StepTable} where channel = {(int)Channel.Military} and emitted_by is not null order by idx");
    }

    private sealed record StepPosition(string EmittedBy, long Index, string RowId);

    [Fact]
    public Task Rebuilding_the_projection_from_the_events_gives_the_same_tables() =>
        Histories.SampleAsync(
            RecordedThenRebuiltAsync,
            iter: 4,
            threads: 1);

    /// <summary>Each channel's projected history is the one the rules build from the engagements in force.</summary>
    private async Task ChannelHistoriesAreBuiltAsync(IQuerySession session, string key, IReadOnlyList<Engagement> engagements)
    {
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

    /// <summary>Records the history, then checks that a rebuild from the events leaves the tables as they are.</summary>
    private async Task RecordedThenRebuiltAsync(History history)
    {
        await RecordAsync(history);
        var live = await ProjectedRows.AllAsync(app.Store);

        (await StateRebuild.RunAsync(app.Host.Services, TimeSpan.FromSeconds(60), CancellationToken.None)).ShouldBeTrue();

        (await ProjectedRows.AllAsync(app.Store)).ShouldBe(live);
    }

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

    private static RecordEngagement RetractionOf(RecordEngagement e) =>
        e with { SourceId = $"r-{e.SourceId}", Kind = "retraction", Retracts = e.SourceId, AssessedStatus = null, Channel = null };

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
