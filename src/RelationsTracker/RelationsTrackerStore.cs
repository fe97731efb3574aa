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
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AddEventTypes(EngagementEvents.All);
        options.Projections.Add<RelationshipSummaryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<EngagementSource>();
    }
}
