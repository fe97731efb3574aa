using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// The engagements a relationship holds now, kept between requests and brought up to date from only the events
/// appended since, so that a long relationship is not read and folded again on every question.
/// </summary>
internal static class HeldEngagements
{
    // One cache per document store: tests run several stores (databases) in one process.
    private static readonly ConditionalWeakTable<IDocumentStore, ConcurrentDictionary<string, Held>> Caches = new();

    /// <summary>The engagements in force now (latest versions, none retracted), in order of occurrence.</summary>
    public static async Task<IReadOnlyList<Engagement>> NowAsync(IQuerySession session, string relationshipId, CancellationToken cancellation)
    {
        var state = await session.Events.FetchStreamStateAsync(relationshipId, cancellation);
        if (state is null)
        {
            return [];
        }

        var cache = Caches.GetValue(session.DocumentStore, _ => new ConcurrentDictionary<string, Held>(StringComparer.Ordinal));
        // The stream's creation time tells a stream deleted and started again from the one cached.
        cache.TryGetValue(relationshipId, out var held);
        held = held?.Created == state.Created ? held : null;
        if (held?.Version == state.Version)
        {
            return held.InForce;
        }

        IReadOnlyList<IEvent> events = held is not null && held.Version < state.Version
            ? [.. held.Events, .. await session.Events.FetchStreamAsync(relationshipId, fromVersion: held.Version + 1, token: cancellation)]
            : await session.Events.FetchStreamAsync(relationshipId, token: cancellation);
        var fresh = new Held(
            state.Created,
            events.Count == 0 ? 0 : events[^1].Version,
            events,
            [.. EngagementHistory.Fold(events).Select(r => r.AsKnownAt(null)).OfType<Engagement>().Order(OccurrenceOrder.Instance)]);
        cache[relationshipId] = fresh;
        return fresh.InForce;
    }

    private sealed record Held(DateTimeOffset Created, long Version, IReadOnlyList<IEvent> Events, IReadOnlyList<Engagement> InForce);
}
