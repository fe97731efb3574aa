using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships.Projection;
using Wolverine;
using Wolverine.Tracking;
using Xunit;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>The real server (Marten, Wolverine, HTTP) in process, on a database of its own for one test class.</summary>
public class TrackerApp : IAsyncLifetime
{
    /// <summary>
    /// "Now" on the server's clock when a test class starts, later than every date the tests submit. Recording times
    /// are not from it: PostgreSQL stamps the events.
    /// </summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 16, 9, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// The admin key the test servers accept (<c>RelationsTracker:Auth:BootstrapAdminKey</c>); every request a test
    /// sends carries it unless the test says otherwise.
    /// </summary>
    public const string AdminKey = "test-bootstrap-admin-key";

    private string _connectionString = string.Empty;

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>
    /// The server's clock: its "today" for a question that names no day, for dormancy, and for what is in the
    /// future. A test may move it; <see cref="ResetAsync"/> sets it back to <see cref="Now"/>.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(Now);

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        Host = await StartServerAsync(_connectionString, Clock, Settings);
    }

    /// <summary>The settings the server starts with, beside those every test server has.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public string ConnectionString => _connectionString;

    /// <summary>
    /// Starts the server on a database and a clock, as a test would start it after messages were queued: it accepts
    /// <see cref="AdminKey"/>, which its requests send, limits no rate and lets reads wait up to two minutes for the
    /// state, unless <paramref name="settings"/> say otherwise.
    /// </summary>
    public static async Task<IAlbaHost> StartServerAsync(
        string connectionString,
        TimeProvider clock,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("RelationsTracker:SeedOnStart", "false");
            builder.UseSetting("RelationsTracker:Auth:BootstrapAdminKey", AdminKey);
            builder.UseSetting("RelationsTracker:Auth:RateLimits:PerKey", "0");
            builder.UseSetting("RelationsTracker:Auth:RateLimits:PerAddress", "0");
            // The test classes run at once: a read after a bulk write may wait longer for the state than a server's 2 s.
            builder.UseSetting("RelationsTracker:State:ReadWait", "00:02:00");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(collection =>
            {
                collection.RunWolverineInSoloMode();
                collection.RemoveAll<TimeProvider>();
                collection.AddSingleton(clock);
                services?.Invoke(collection);
            });
        });
        host.BeforeEach(context => context.Request.Headers.Authorization = $"Bearer {AdminKey}");
        return host;
    }

    public async Task DisposeAsync()
    {
        // Disposing stops the host first (the web application factory does): stopping it here as well stopped its
        // services twice, Marten's projection coordinator among them, which may then touch what the first stop disposed.
        try
        {
            await Host.DisposeAsync();
        }
        catch (Exception e)
        {
            // The test runner reports a fixture's failure by its message alone: carry the whole exception, stack
            // included, so that a rare failure to stop says where it came from.
            throw new InvalidOperationException($"Stopping the test server failed: {e}", e);
        }

        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    /// <summary>
    /// Sends the command through the real Wolverine pipeline and waits until all its work is done and the state includes
    /// it: the next command is projected after it, as a user recording one engagement after another would see.
    /// </summary>
    public async Task<EngagementRecorded> RecordAsync(RecordEngagement command)
    {
        EngagementRecorded? outcome = null;
        await Host.ExecuteAndWaitAsync(async context => outcome = await context.RecordAsync(command));
        await using var session = Store.QuerySession();
        await ProjectedRows.CaughtUpAsync(session);
        return outcome!;
    }

    /// <summary>
    /// Empties the store (Marten's documents and events, the tables the relationship state is projected into and the
    /// changes it announced) and sets the clock back to <see cref="Now"/>.
    /// </summary>
    public async Task ResetAsync()
    {
        ResetClock();
        await Host.ResetAllMartenDataAsync();
        await using var session = Store.LightweightSession();
        await ProjectedTables.EnsureAsync(session, CancellationToken.None);
        ProjectedRows.QueueEmptying(session, ProjectedTables.All.Append(ProjectedTables.ChangeTable).Append(ProjectedTables.ReplayTable));

        await session.SaveChangesAsync();
    }

    /// <summary>How many events the store holds: what a refused request must leave unchanged.</summary>
    public async Task<long> EventCountAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    /// <summary>Sets the clock back to <see cref="Now"/>, for a test class that keeps what the store holds.</summary>
    public void ResetClock() => Clock.AdjustTime(Now);
}
