using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Engagements.Submitting;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Tracking;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>Engagements published to the durable queue by another Wolverine host, as a separate process would.</summary>
public sealed class QueueIntakeTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await DiscardAllDeadLettersAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task PublishAsync(string connectionString, IEnumerable<object> messages)
    {
        using var publisher = await EngagementPublishing.StartPublisherAsync(connectionString);
        var bus = publisher.Services.GetRequiredService<IMessageBus>();
        foreach (var message in messages)
        {
            await bus.PublishAsync(message);
        }

        await publisher.StopAsync();
    }

    private static async Task<int> RecordedAsync(IDocumentStore store, string relationshipId)
    {
        await using var session = store.QuerySession();
        return (await EngagementHistory.OfRelationshipAsync(session, relationshipId, CancellationToken.None)).Count;
    }

    private Task<System.Text.Json.Nodes.JsonArray> DeadLettersAsync() =>
        app.Host.GetJsonAsync("/api/dead-letters").ContinueWith(t => t.Result.AsArray(), TaskScheduler.Default);

    private async Task DiscardAllDeadLettersAsync()
    {
        foreach (var letter in await DeadLettersAsync())
        {
            await app.Host.Scenario(s =>
            {
                s.Delete.Url($"/api/dead-letters/{(string?)letter!["id"]}");
                s.StatusCodeShouldBe(204);
            });
        }
    }

    [Fact]
    public async Task A_message_published_by_another_host_is_recorded()
    {
        await PublishAsync(app.ConnectionString, [Submit.Meeting("queued-1", "2023-06-18")]);

        await Eventually.ReturnsAsync(() => RecordedAsync(app.Store, "CHN-USA"), n => n == 1, "the queued engagement to be recorded");
        var answer = await app.Host.GetJsonAsync("/api/relationships/USA/CHN?asOf=2023-07-01");
        ((string?)answer.Channel("diplomatic")["status"]).ShouldBe("open");
    }

    [Fact]
    public async Task The_server_and_its_publishers_number_messages_with_ids_another_process_on_the_machine_cannot_also_pick()
    {
        // With Wolverine's default ids (from the machine and the clock), a publisher's message once took the id of a
        // change the server had published to itself and still kept as handled: the queue stalled for five minutes.
        using var publisher = await EngagementPublishing.StartPublisherAsync(app.ConnectionString);
        publisher.Services.GetRequiredService<IWolverineRuntime>().Options.EnvelopeIdGeneration.ShouldBe(EnvelopeIdGeneration.GuidV7);
        app.Host.Services.GetRequiredService<IWolverineRuntime>().Options.EnvelopeIdGeneration.ShouldBe(EnvelopeIdGeneration.GuidV7);

        var bus = publisher.Services.GetRequiredService<IMessageBus>();
        foreach (var i in Enumerable.Range(0, 5))
        {
            await bus.PublishAsync(Submit.Meeting($"numbered-{i}", "2023-06-18"));
        }

        await Eventually.ReturnsAsync(() => RecordedAsync(app.Store, "CHN-USA"), n => n == 5, "the queued engagements to be recorded");
        await publisher.StopAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var received = new NpgsqlCommand(
            $"select id from {RelationsTrackerStore.Schema}.wolverine_incoming_envelopes " +
            "where message_type = @type and position(convert_to('numbered-', 'UTF8') in body) > 0",
            connection);
        received.Parameters.AddWithValue("type", typeof(RecordEngagement).FullName!);
        var ids = new List<Guid>();
        await using (var reader = await received.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        ids.Count.ShouldBe(5);
        ids.ShouldAllBe(id => id.Version == 7);
    }

    [Fact]
    public async Task Messages_published_while_the_server_is_down_wait_and_are_recorded_when_it_starts()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await PublishAsync(connectionString, Enumerable.Range(0, 20).Select(i => Submit.Meeting($"waiting-{i}", "2023-06-18", b: "JPN")));

            await using var server = await TrackerApp.StartServerAsync(connectionString, new FakeTimeProvider(TrackerApp.Now));
            var store = server.Services.GetRequiredService<IDocumentStore>();
            await Eventually.ReturnsAsync(() => RecordedAsync(store, "JPN-USA"), n => n == 20, "the 20 waiting engagements to be recorded");
            await server.StopAsync();
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_submissions_to_one_pair_are_all_recorded_and_none_is_dead_lettered()
    {
        var engagements = Enumerable.Range(0, 200).Select(i => Submit.Meeting($"burst-{i:000}", "2023-06-18", b: "IND")).ToList();

        // Half through the queue and half over HTTP, at the same time.
        var queued = PublishAsync(app.ConnectionString, engagements.Where((_, i) => i % 2 == 0));
        var posted = Task.WhenAll(engagements.Where((_, i) => i % 2 == 1)
            .Select(e => app.Host.PostJsonAsync("/api/engagements", e, 201)));
        await Task.WhenAll(queued, posted);

        await Eventually.ReturnsAsync(() => RecordedAsync(app.Store, "IND-USA"), n => n == 200, "the 200 engagements to be recorded");
        (await DeadLettersAsync()).ShouldBeEmpty();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync("IND-USA")).Count.ShouldBe(200);
    }

    [Fact]
    public async Task An_invalid_message_goes_to_the_dead_letters_with_its_reason_and_can_be_discarded()
    {
        var invalid = Submit.Meeting("queued-bad", "2023-06-18") with { OccurredOn = "2023-02-30" };
        await PublishAsync(app.ConnectionString, [invalid]);

        var letters = await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the invalid message to be dead-lettered");

        var letter = letters.Single()!;
        ((string?)letter["reason"]).ShouldNotBeNull().ShouldContain("occurredOn: '2023-02-30' is not a day of the calendar");
        ((string?)letter["message"]!["sourceId"]).ShouldBe("queued-bad");
        await app.Host.Scenario(s =>
        {
            s.Delete.Url($"/api/dead-letters/{(string?)letter["id"]}");
            s.StatusCodeShouldBe(204);
        });
        (await DeadLettersAsync()).ShouldBeEmpty();
        (await RecordedAsync(app.Store, "CHN-USA")).ShouldBe(0);
    }

    [Fact]
    public async Task A_dead_letter_replayed_after_its_cause_is_fixed_is_recorded()
    {
        var retraction = Submit.Of("retraction", "queued-retraction", "2023-06-20") with { Retracts = "reported-later" };
        await PublishAsync(app.ConnectionString, [retraction]);
        var letter = (await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the retraction of nothing to be dead-lettered")).Single()!;
        ((string?)letter["reason"]).ShouldNotBeNull().ShouldContain("retracts");

        await app.Host.PostJsonAsync("/api/engagements", Submit.Of("rebuff", "reported-later", "2023-06-10"), 201);
        await app.Host.Scenario(s =>
        {
            s.Post.Url($"/api/dead-letters/{(string?)letter["id"]}/replay");
            s.StatusCodeShouldBe(202);
        });

        await Eventually.ReturnsAsync(
            async () => (string?)(await app.Host.GetJsonAsync("/api/engagements/reported-later"))["retractedBy"],
            by => by == "queued-retraction",
            "the replayed retraction to be recorded");
        (await DeadLettersAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_command_line_lists_and_discards_dead_letters()
    {
        await PublishAsync(app.ConnectionString, [Submit.Meeting("cli-dead", "2023-06-18") with { Kind = "summit" }]);
        var letter = (await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the invalid message to be dead-lettered")).Single()!;

        var (listed, list) = await RelationsCli.RunAsync(app.ConnectionString, "dead-letters");
        listed.ShouldBe(0, list);
        list.ShouldContain("cli-dead");
        list.ShouldContain("'summit' is not");

        var (discarded, output) = await RelationsCli.RunAsync(app.ConnectionString, "dead-letters", "discard", (string)letter["id"]!);
        discarded.ShouldBe(0, output);
        (await DeadLettersAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bad_message_among_good_ones_is_dead_lettered_alone_and_the_good_ones_are_recorded()
    {
        var good = Enumerable.Range(0, 5).Select(i => Submit.Meeting($"mixed-{i}", "2023-06-18", b: "BRA")).ToList();
        var bad = Submit.Meeting("mixed-bad", "2023-06-18", b: "BRA") with { Kind = "summit" };
        await PublishAsync(app.ConnectionString, [.. good.Take(3), bad, .. good.Skip(3)]);

        await Eventually.ReturnsAsync(() => RecordedAsync(app.Store, "BRA-USA"), n => n == 5, "the five good engagements to be recorded");
        var letters = await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the bad one to be dead-lettered");
        ((string?)letters.Single()!["message"]!["sourceId"]).ShouldBe("mixed-bad");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync("BRA-USA")).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Engagements_submitted_in_one_message_are_recorded_each_on_its_own()
    {
        var good = Enumerable.Range(0, 4).Select(i => Submit.Meeting($"together-{i}", "2023-06-18", b: "IND")).ToList();
        var bad = Submit.Meeting("together-bad", "2023-06-18", b: "IND") with { OccurredOn = "2023-02-30" };
        using (var publisher = await EngagementPublishing.StartPublisherAsync(app.ConnectionString))
        {
            await publisher.Services.GetRequiredService<IMessageBus>().PublishAsync(new SubmitEngagements([.. good.Take(2), bad, .. good.Skip(2)]));
            await publisher.StopAsync();
        }

        await Eventually.ReturnsAsync(() => RecordedAsync(app.Store, "IND-USA"), n => n == 4, "the four good engagements to be recorded");
        var letters = await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the bad one to be dead-lettered");
        ((string?)letters.Single()!["message"]!["sourceId"]).ShouldBe("together-bad");
        ((string?)letters.Single()!["reason"]).ShouldNotBeNull().ShouldContain("occurredOn");
    }

    [Fact]
    public async Task A_message_of_hundreds_with_a_NUL_and_a_date_out_of_bounds_records_the_good_ones_and_dead_letters_the_two_each_with_its_reason()
    {
        var good = Enumerable.Range(0, 498).Select(i => Submit.Meeting($"hundreds-{i}", "2023-06-18", b: "KOR")).ToList();
        var nul = Submit.Meeting("hundreds-nul", "2023-06-18", b: "KOR") with { Summary = "before\u0000after" };
        var early = Submit.Meeting("hundreds-early", "0001-01-01", b: "KOR");
        using (var publisher = await EngagementPublishing.StartPublisherAsync(app.ConnectionString))
        {
            await publisher.Services.GetRequiredService<IMessageBus>().PublishAsync(new SubmitEngagements([.. good.Take(200), nul, .. good.Skip(200), early]));
            await publisher.StopAsync();
        }

        await Eventually.ReturnsAsync(() => RecordedAsync(app.Store, "KOR-USA"), n => n == 498, "the 498 good engagements to be recorded", seconds: 90);
        var letters = await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 2, "the two bad ones to be dead-lettered");
        var reasons = letters.ToDictionary(l => (string)l!["message"]!["sourceId"]!, l => (string)l!["reason"]!);
        reasons["hundreds-nul"].ShouldContain("summary");
        reasons["hundreds-nul"].ShouldContain("U+0000");
        reasons["hundreds-early"].ShouldContain("occurredOn");
        reasons["hundreds-early"].ShouldContain("out of bounds");
    }

    [Fact]
    public async Task A_single_queued_engagement_with_a_NUL_is_dead_lettered_with_its_reason()
    {
        await PublishAsync(app.ConnectionString, [Submit.Meeting("single-nul\u0000", "2023-06-18", b: "KOR")]);

        var letters = await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the engagement to be dead-lettered");
        ((string?)letters.Single()!["reason"]).ShouldNotBeNull().ShouldContain("sourceId");
        (await RecordedAsync(app.Store, "KOR-USA")).ShouldBe(0);
    }

    [Fact]
    public async Task A_retraction_that_arrives_before_the_engagement_it_retracts_is_recorded_once_the_engagement_arrives()
    {
        // As when a file is submitted in several messages and the server handles them at the same time, or when two
        // feeds meet: the retraction is tried first, finds nothing to retract, and waits for it.
        var retraction = Submit.Of("retraction", "early-correction", "2023-06-20", b: "JPN") with { Retracts = "late-report" };
        await PublishAndWaitForRetryAsync(retraction, "early-correction");
        await PublishAsync(app.ConnectionString, [Submit.Meeting("late-report", "2023-06-18", b: "JPN")]);

        await Eventually.ReturnsAsync(
            async () => (await DeadLettersAsync()).Count + (await SourceAsync("early-correction") is null ? 0 : 1),
            n => n > 0,
            "the retraction to be recorded or dead-lettered");
        (await DeadLettersAsync()).ShouldBeEmpty();
        ((string?)(await app.Host.GetJsonAsync("/api/engagements/late-report"))["retractedBy"]).ShouldBe("early-correction");
    }

    [Fact]
    public async Task A_correction_that_arrives_before_the_engagement_it_corrects_is_recorded_once_the_engagement_arrives()
    {
        var original = Submit.Meeting("late-original", "2023-06-18", b: "JPN");
        await PublishAndWaitForRetryAsync(new CorrectEngagement("late-original", original with { Summary = "Corrected: the talks were cut short." }), "late-original");
        await PublishAsync(app.ConnectionString, [original]);

        await Eventually.ReturnsAsync(
            async () => (await DeadLettersAsync()).Count + (await VersionsAsync("late-original") == 2 ? 1 : 0),
            n => n > 0,
            "the correction to be recorded or dead-lettered");
        (await DeadLettersAsync()).ShouldBeEmpty();
        var stored = await app.Host.GetJsonAsync("/api/engagements/late-original");
        stored["versions"]!.AsArray().Select(v => (string?)v!["engagement"]!["summary"]).ShouldBe([null, "Corrected: the talks were cut short."]);
    }

    /// <summary>
    /// Publishes the message, and returns once the server has tried it, found nothing to apply it to, and scheduled
    /// another try: whatever is published next reaches the server after that first try.
    /// </summary>
    private Task PublishAndWaitForRetryAsync(object message, string sourceId) =>
        app.Host.TrackActivity()
            .IncludeExternalTransports()
            .DoNotAssertOnExceptionsDetected()
            .Timeout(TimeSpan.FromSeconds(30))
            .WaitForCondition(new RetryScheduled(sourceId))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(_ => PublishAsync(app.ConnectionString, [message])));

    /// <summary>Met when a queued submission about the sourceId has failed and been put back to be tried again later.</summary>
    private sealed class RetryScheduled(string sourceId) : ITrackedCondition
    {
        private volatile bool _met;

        public void Record(EnvelopeRecord record)
        {
            if (record.MessageEventType == MessageEventType.Requeued && record.Message switch
            {
                RecordEngagementAlone alone => alone.Engagement.SourceId == sourceId,
                CorrectEngagement correction => correction.SourceId == sourceId,
                _ => false,
            })
            {
                _met = true;
            }
        }

        public bool IsCompleted() => _met;
    }

    private async Task<EngagementSource?> SourceAsync(string sourceId)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<EngagementSource>(sourceId);
    }

    private async Task<int> VersionsAsync(string sourceId) =>
        await SourceAsync(sourceId) is null ? 0 : (await app.Host.GetJsonAsync($"/api/engagements/{sourceId}"))["versions"]!.AsArray().Count;

    [Fact]
    public async Task A_message_of_too_many_engagements_is_dead_lettered_whole_with_the_reason()
    {
        var tooMany = Enumerable.Range(0, 1001).Select(i => Submit.Meeting($"many-{i}", "2023-06-18", b: "IDN")).ToList();
        using (var publisher = await EngagementPublishing.StartPublisherAsync(app.ConnectionString))
        {
            await publisher.Services.GetRequiredService<IMessageBus>().PublishAsync(new SubmitEngagements(tooMany));
            await publisher.StopAsync();
        }

        var letters = await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the message to be dead-lettered");
        ((string?)letters.Single()!["reason"]).ShouldNotBeNull().ShouldContain("1 to 1000 engagements, not 1001");
        ((string?)letters.Single()!["messageType"]).ShouldBe(nameof(SubmitEngagements));
        (await RecordedAsync(app.Store, "IDN-USA")).ShouldBe(0);
    }

    [Fact]
    public async Task A_queued_correction_of_an_engagement_never_recorded_is_dead_lettered_as_the_correction_it_was()
    {
        var engagement = Submit.Meeting("never-recorded", "2023-06-18", b: "JPN");
        using (var publisher = await EngagementPublishing.StartPublisherAsync(app.ConnectionString))
        {
            await publisher.Services.GetRequiredService<IMessageBus>().PublishAsync(new CorrectEngagement("never-recorded", engagement));
            await publisher.StopAsync();
        }

        var letter = (await Eventually.ReturnsAsync(DeadLettersAsync, l => l.Count == 1, "the correction to be dead-lettered")).Single()!;
        ((string?)letter["messageType"]).ShouldBe(nameof(CorrectEngagement));
        ((string?)letter["message"]!["sourceId"]).ShouldBe("never-recorded");
        ((string?)letter["message"]!["engagement"]!["counterpart"]!["country"]).ShouldBe("JPN");
    }
}
