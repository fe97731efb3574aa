using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using RelationsTracker.Access;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;
using RelationsTracker.Relationships.Projection;
using Weasel.Core;

namespace RelationsTracker;

/// <summary>How the tracker uses Marten: one string-keyed stream per relationship, the relationships' state projected inline.</summary>
public static class RelationsTrackerStore
{
    public const string Schema = "relations";

    /// <param name="windows">The activity windows the projected statuses are computed with (the defaults when none).</param>
    public static void Configure(StoreOptions options, string connectionString, ActivityWindows? windows = null)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        // Absent fields are left out rather than stored as nulls: a third less JSON per event for PostgreSQL to parse.
        options.UseSystemTextJsonForSerialization(
            EnumStorage.AsString, Casing.CamelCase, json => json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // A commit is never replayed by Marten: a replay would run in a new transaction, outside the advisory locks
        // under which the inline projection read the state it builds on. A writer that fails is retried whole by its
        // caller (Wolverine's policies, the client), which takes the locks and reads again.
        options.ConfigureWritePolly(_ => { });
        options.Events.AddEventTypes(EngagementEvents.All);
        options.Storage.ExtendedSchemaObjects.AddRange(ProjectedTables.Define());
        options.Projections.Add(
            new RelationshipStateProjection(windows ?? new ActivityWindows()),
            ProjectionLifecycle.Inline,
            RelationshipStateProjection.Name,
            rebuild =>
            {
                foreach (var table in ProjectedTables.All)
                {
                    rebuild.DeleteDataInTableOnTeardown(table);
                }
            });
        options.Schema.For<EngagementSource>();
        options.Schema.For<AccessKey>().Index(key => key.Name);
    }
}
