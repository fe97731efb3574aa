using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships.Projection;
using Wolverine;
using Wolverine.Tracking;
using Xunit;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>The real server (Marten, Wolverine, HTTP) in process, on a database of its own for one test class.</summary>
public sealed class TrackerApp : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public IAlbaHost Host { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        Host = await StartServerAsync(_connectionString);
    }

    public string ConnectionString => _connectionString;

    /// <summary>Starts the server on a database, as a test would start it after messages were queued.</summary>
    public static Task<IAlbaHost> StartServerAsync(string connectionString) =>
        AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("RelationsTracker:SeedOnStart", "false");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    /// <summary>Sends the command through the real Wolverine pipeline and waits until all its work is done.</summary>
    public async Task<EngagementRecorded> RecordAsync(RecordEngagement command)
    {
        EngagementRecorded? outcome = null;
        await Host.ExecuteAndWaitAsync(async context => outcome = await context.RecordAsync(command));
        return outcome!;
    }

    /// <summary>Empties the store: Marten's documents and events, and the tables the relationship state is projected into.</summary>
    public async Task ResetAsync()
    {
        await Host.ResetAllMartenDataAsync();
        await using var session = Store.LightweightSession();
        await ProjectedTables.EnsureAsync(session, CancellationToken.None);
        session.QueueSqlCommand($"truncate {string.Join(", ", ProjectedTables.All)}");
        await session.SaveChangesAsync();
    }
}
