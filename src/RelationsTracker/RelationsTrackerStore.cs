using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using RelationsTracker.Access;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using Weasel.Core;

namespace RelationsTracker;

/// <summary>
/// How the tracker uses Marten: one string-keyed stream per relationship; the relationships' state projected by Marten's
/// async daemon in parts (<see cref="StatePart"/>), each of which a server runs (one server at a time, the others
/// standing by) and a command-line job runs while no server does (<see cref="StateCatchUp"/>).
/// </summary>
public static class RelationsTrackerStore
{
    public const string Schema = "relations";

    /// <param name="windows">The activity windows the projected statuses are computed with (the defaults when none).</param>
    /// <param name="clock">What "today" is for the changes the projection announces (the system clock when none).</param>
    public static void Configure(
        StoreOptions options,
        string connectionString,
        ActivityWindows? windows = null,
        TimeProvider? clock = null) =>
        Configure(options, connectionString, windows, clock, StatePart.All);

    /// <param name="parts">The parts the state is projected in: this release's, or another to stand for an earlier release.</param>
    internal static void Configure(
        StoreOptions options,
        string connectionString,
        ActivityWindows? windows,
        TimeProvider? clock,
        IReadOnlyList<StatePart> parts)
    {
        ConfigureEvents(options, connectionString);
        options.Storage.ExtendedSchemaObjects.AddRange(ProjectedTables.Define());
        // The daemon hears of new events at once (PostgreSQL's NOTIFY, sent as they commit) rather than at its next
        // poll: the lag a reader waits for is the projection's work, not a polling interval.
        options.Events.UseListenNotifyForEventAppends = true;
        // A standby server, or a command-line job that wants the state brought up to date, asks for the daemon's
        // locks this often: it takes over this soon after the server holding them stops or dies.
        options.Projections.LeadershipPollingTime = 1_000;
        foreach (var part in parts)
        {
            options.Projections.Add(
                new RelationshipStateProjection(windows ?? new ActivityWindows(), clock ?? TimeProvider.System, part),
                ProjectionLifecycle.Async,
                part.Name,
                daemon =>
                {
                    // Large pages: a batch costs a transaction and a pass over each channel it moves, whatever its size.
                    // Each part holds a page loaded ahead of the one it projects, no more: every part loads every event.
                    daemon.BatchSize = RelationshipStateProjection.BatchSize;
                    daemon.MaximumHopperSize = 2 * RelationshipStateProjection.BatchSize;
                });
        }
    }

    /// <summary>The event store alone, as <see cref="Configure"/> sets it up but without the relationships' state.</summary>
    private static void ConfigureEvents(StoreOptions options, string connectionString)
    {
        options.Connection(Tuned(connectionString));
        options.DatabaseSchemaName = Schema;
        // Absent fields are left out rather than stored as nulls: a third less JSON per event for PostgreSQL to parse.
        options.UseSystemTextJsonForSerialization(
            EnumStorage.AsString, Casing.CamelCase, json => json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // A commit is never replayed by Marten: a replay would run in a new transaction, outside the advisory locks
        // under which the writer read the markers it decided on. A writer that fails is retried whole by its caller
        // (Wolverine's policies, the client), which takes the locks and reads again.
        options.ConfigureWritePolly(_ => { });
        options.Events.AddEventTypes(EngagementEvents.All);
        // A marker is only ever looked up by its sourceId: without Marten's informational columns (version, type,
        // last modified), each of the one-per-engagement inserts binds and stores two values instead of five.
        options.Schema.For<EngagementSource>().Metadata(m => m.DisableInformationalFields());
        options.Schema.For<AccessKey>().Index(key => key.Name);
        options.Schema.For<Alerts.Watch>();
    }

    /// <summary>
    /// The connection string as the tracker uses it, where it says nothing otherwise: PostgreSQL's JIT compilation off,
    /// as the tracker's queries are short and JIT compiled the costlier ones (a refold over a channel with many rows) for
    /// longer than they ran; and Npgsql preparing the statements a connection runs again and again, as a batch inserts
    /// an idempotency marker per engagement, each its own statement, and PostgreSQL parsing and planning every one of
    /// them took longer than appending the events.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = $"{builder.Options} -c jit=off".Trim();
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = PreparedStatements;
        }

        return builder.ConnectionString;
    }

    /// <summary>How many statements each connection keeps prepared: the intake's and the projection's, with room to spare.</summary>
    internal const int PreparedStatements = 100;
}
