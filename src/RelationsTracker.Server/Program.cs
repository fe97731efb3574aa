using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using RelationsTracker;
using RelationsTracker.Access;
using RelationsTracker.Alerts;
using RelationsTracker.Contracts;
using RelationsTracker.Dashboard;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using RelationsTracker.Seed;
using RelationsTracker.Server;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// Help needs neither the database nor the host.
if (TrackerCommandLine.AsksForHelp(args))
{
    return await TrackerCommandLine.RunAsync(host: null, args);
}

var builder = WebApplication.CreateBuilder(args);

// The server logs what it does; a command-line job (import, submit, status...) prints its own output, and the host's
// start-up news would only bury it.
var servesHttp = TrackerCommandLine.ServesHttp(args);
if (!servesHttp)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

// The libraries' start-up news (schema checks and migrations as SQL, listeners, agents) would bury the server's own
// messages, the admin key of a first start among them; their warnings and errors still show.
foreach (var library in new[] { "Marten", "Weasel", "Wolverine", "JasperFx", "Npgsql" })
{
    builder.Logging.AddFilter(library, LogLevel.Warning);
}
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

await using var database = await EmbeddedPostgres.ResolveAsync(builder.Configuration, servesHttp ? Console.Out : Console.Error);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RelationshipLocks>();
builder.Services.AddSingleton(new TrackerDatabase(database.ConnectionString, database.AdministrationConnectionString));
builder.Services.ConfigureHttpJsonOptions(options => JsonConventions.Apply(options.SerializerOptions));
var windows = new ActivityWindows
{
    Days = builder.Configuration.GetSection("RelationsTracker:ActivityWindowDays").Get<Dictionary<Channel, int>>() ?? [],
};
builder.Services.AddSingleton(windows);
// Before Marten's migrations at start (below), which cannot bring the steps of an earlier release to this layout.
builder.Services.AddHostedService<StepLayoutUpgrade>();
// The application assembly named, not found: otherwise the Critter Stack takes the one of whichever host started first
// in the process, which, beside another host (a test's publisher), need not be this one.
builder.Services.CritterStackDefaults(critter => critter.ApplicationAssembly = typeof(Program).Assembly);
builder.Services.AddMarten(services =>
    {
        var options = new StoreOptions();
        RelationsTrackerStore.Configure(options, database.ConnectionString, windows, services.GetRequiredService<TimeProvider>());
        return options;
    })
    // Every table made sure of before the projection's parts start, one server at a time under Marten's lock: each part
    // starting makes sure of them too, without a lock, and servers started together on a new database collided.
    .ApplyAllDatabaseChangesOnStartup()
    .UseLightweightSessions()
    // Each part of the projection runs in one process at a time, whichever holds Marten's lock for it: a server, or a
    // command-line job bringing the state up to date while no server runs. The others stand by and take it over when
    // that process stops or dies.
    .AddAsyncDaemon(DaemonMode.HotCold)
    .IntegrateWithWolverine(wolverine => wolverine.TransportSchemaName = EngagementQueue.TransportSchema);

builder.Host.UseWolverine(options =>
{
    options.Discovery.IncludeAssembly(typeof(RelationsTrackerStore).Assembly);

    // The handlers' and endpoints' code is generated ahead of time into Internal/Generated (`codegen write`) and
    // compiled with the server: compiling it at run time slowed the first request after a start and loaded the Roslyn
    // compiler into the server's memory.
    options.ApplicationAssembly = typeof(Program).Assembly;
    options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
    if (TrackerCommandLine.GeneratesCode(args) && TrackerCommandLine.GeneratedCodeFolder() is { } generated)
    {
        options.CodeGeneration.GeneratedCodeOutputPath = generated;
    }
    options.Policies.AutoApplyTransactions();
    options.EnvelopeIdGeneration = EngagementQueue.EnvelopeIds;
    EngagementQueue.ConsumeIn(options);
    Alerting.ConfigureIn(options, builder.Configuration);

    // How long a node that stopped answering (a crash) keeps its queued messages before another node takes them up:
    // Wolverine's default is a minute after its last health check, checked every 10 s.
    if (builder.Configuration.GetValue<TimeSpan?>("RelationsTracker:Durability:StaleNodeTimeout") is { } stale)
    {
        options.Durability.StaleNodeTimeout = stale;
        options.Durability.HealthCheckPollingTime = stale / 3;
    }
});
builder.Services.AddWolverineHttp();
builder.Services.AddAlerts();
builder.Services.AddOpenApi(ApiDocument.Configure);
builder.Services.AddTrackerAccess(builder.Configuration);

if (database.AdminKeyFile is { } adminKeyFile)
{
    builder.Services.AddHostedService(services => new EmbeddedAdminKey(
        adminKeyFile, services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<TimeProvider>()));
}

if (builder.Configuration.GetValue("RelationsTracker:SeedOnStart", database.IsEmbedded))
{
    builder.Services.AddHostedService<SeedScenarioLoader>();
}

builder.AddBrowserPolicies();
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<DatabaseOutage>();
builder.Services.AddExceptionHandler<DatabaseOutageHandler>();
builder.Services.AddHealthChecks().AddNpgSql(database.ConnectionString, name: "postgresql", tags: [HealthEndpoints.Ready]);
// A submission the tracker refuses is answered 4xx and logged as a finished request (information); Wolverine would
// also log each as an error with its stack trace, under the type it read or invoked: when reading a body that is not
// JSON, and when the command an endpoint invokes refuses it. Whatever else fails there reaches the exception handler,
// which logs it. A rule names a category and all those it begins: the queue's set-aside engagements keep theirs.
foreach (var refusals in new[] { typeof(RecordEngagement), typeof(RecordEngagement[]), typeof(RecordEngagements), typeof(CorrectEngagement) })
{
    builder.Logging.AddFilter(refusals.FullName, LogLevel.None);
}

builder.Logging.AddFilter(typeof(RecordEngagementAlone).FullName, servesHttp ? LogLevel.Information : LogLevel.Warning);

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

var app = builder.Build();

// A batch's validation takes the pool's threads for a moment (Parallel.For); with the default minimum (one per core)
// the other requests' continuations then wait for the pool to grow, a thread per half second. Only once serving:
// the command-line jobs (an import) run faster without idle threads spinning beside PostgreSQL on a small machine.
const int servingThreads = 16;
app.Lifetime.ApplicationStarted.Register(() => ThreadPool.SetMinThreads(servingThreads, servingThreads));
// A command that answers and exits serves no request: it skips building the endpoints, most of its start-up.
// `codegen` writes the endpoints' code, so it needs them.
if (servesHttp || TrackerCommandLine.GeneratesCode(args))
{
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseBrowserPolicies();
    app.UseRequestLimits();
    app.UseTrackerAccess();
    app.UseFreshReads();
    app.UseJsonBodiesOnly();
    app.MapWolverineEndpoints(options =>
    {
        TrackerAccess.RequireAccess(options);
        ApiProblems.Declare(options);
    });
    app.MapDashboard();
    app.MapHealthEndpoints();
    // The document at /openapi/v1.json and the Scalar reference at /scalar are served by the server itself.
    app.MapOpenApi();
    app.MapScalarApiReference();
}

return await TrackerCommandLine.RunAsync(app, args);

/// <summary>The server's entry point, visible to the integration tests.</summary>
public partial class Program;
