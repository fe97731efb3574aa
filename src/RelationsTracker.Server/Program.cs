using JasperFx;
using Marten;
using RelationsTracker;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;
using RelationsTracker.Seed;
using RelationsTracker.Server;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

await using var database = await EmbeddedPostgres.ResolveAsync(builder.Configuration);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options => JsonConventions.Apply(options.SerializerOptions));
builder.Services.AddSingleton(new ActivityWindows
{
    Days = builder.Configuration.GetSection("RelationsTracker:ActivityWindowDays").Get<Dictionary<Channel, int>>() ?? [],
});
builder.Services.AddMarten(options => RelationsTrackerStore.Configure(options, database.ConnectionString))
    .UseLightweightSessions()
    .IntegrateWithWolverine();

builder.Host.UseWolverine(options =>
{
    options.Discovery.IncludeAssembly(typeof(RelationsTrackerStore).Assembly);
    options.UseRuntimeCompilation();
    options.Policies.AutoApplyTransactions();

    // A submission that is invalid or conflicts will never succeed: dead-letter it at once, with its reason.
    options.OnException<InvalidEngagementException>().MoveToErrorQueue();
    options.OnException<EngagementConflictException>().MoveToErrorQueue();
});
builder.Services.AddWolverineHttp();

if (builder.Configuration.GetValue("RelationsTracker:SeedOnStart", database.IsEmbedded))
{
    builder.Services.AddHostedService<SeedScenarioLoader>();
}

var app = builder.Build();
app.MapWolverineEndpoints();

return await app.RunJasperFxCommands(args);

/// <summary>The server's entry point, visible to the integration tests.</summary>
public partial class Program;
