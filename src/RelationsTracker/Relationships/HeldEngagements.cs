using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// The engagements a relationship holds now, and their <see cref="RelationshipChronology"/>, kept between requests
/// and brought up to date from only the events appended since, so that a long relationship is not read, folded and
/// evaluated again on every question; within <see cref="HeldBudget"/>.
/// </summary>
internal static class HeldEngagements
{
    // One cache per document store: tests run several stores (databases) in one process.
    private static readonly ConditionalWeakTable<IDocumentStore, ConcurrentDictionary<string, Held>> Caches = new();

    /// <summary>The engagements in force now (latest versions, none retracted), in order of occurrence.</summary>
    public static async Task<IReadOnlyList<Engagement>> NowAsync(IQuerySession session, string relationshipId, CancellationToken cancellation) =>
        (await HeldAsync(session, relationshipId, cancellation))?.InForce ?? [];

    /// <summary>
    /// The engagements in force now with their chronology, from one look at the stream, or null when there are none.
    /// </summary>
    public static async Task<(IReadOnlyList<Engagement> InForce, RelationshipChronology Chronology)?> NowWithChronologyAsync(
        IQuerySession session, string relationshipId, ActivityWindows windows, CancellationToken cancellation) =>
        await HeldAsync(session, relationshipId, cancellation) is { } held && held.Chronology(windows) is { } chronology
            ? (held.InForce, chronology)
            : null;

    /// <summary>The chronology of the engagements in force now, or null when there are none.</summary>
    public static async Task<RelationshipChronology?> ChronologyAsync(
        IQuerySession session, string relationshipId, ActivityWindows windows, CancellationToken cancellation) =>
        (await HeldAsync(session, relationshipId, cancellation))?.Chronology(windows);

    /// <summary>
    /// The chronologies of many relationships, in the order of <paramref name="relationshipIds"/>, leaving out those
    /// with no engagement in force; one round trip when all are held up to date.
    /// </summary>
    public static async Task<IReadOnlyList<RelationshipChronology>> ChronologiesAsync(
        IQuerySession session, IReadOnlyList<string> relationshipIds, ActivityWindows windows, CancellationToken cancellation)
    {
        // Nothing to ask for; and before the first event, the events' tables do not even exist.
        if (relationshipIds.Count == 0)
        {
            return [];
        }

        var cache = CacheOf(session);
        var streams = (await session.QueryAsync<StreamVersion>(
                "select json_build_object('id', id, 'version', version, 'created', created) " +
                $"from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)",
                cancellation,
                [relationshipIds.ToArray()]))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);

        var found = new Dictionary<string, Held>(StringComparer.Ordinal);
        var unread = new List<string>();
        var broughtUpToDate = false;
        foreach (var (id, stream) in streams)
        {
            var held = Current(cache, id, stream.Created);
            if (held is null)
            {
                unread.Add(id);
            }
            else if (held.Version < stream.Version)
            {
                found[id] = await BringUpToDateAsync(session, cache, id, held, stream.Created, stream.Version, cancellation);
                broughtUpToDate = true;
            }
            else
            {
                found[id] = held;
            }
        }

        if (unread.Count > 0)
        {
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamKey.IsOneOf(unread.ToArray()))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellation);
            foreach (var stream in events.GroupBy(e => e.StreamKey!))
            {
                found[stream.Key] = cache[stream.Key] = new Held(stream.Key, streams[stream.Key].Created, [.. stream]);
            }
        }

        var chronologies = relationshipIds
            .Select(id => found.TryGetValue(id, out var held) ? held.Asked().Chronology(windows) : null)
            .OfType<RelationshipChronology>()
            .ToList();

        // Only what was read just now can take the cache over its budget.
        if (broughtUpToDate || unread.Count > 0)
        {
            KeepWithinBudget(cache);
        }

        return chronologies;
    }

    private static async Task<Held?> HeldAsync(IQuerySession session, string relationshipId, CancellationToken cancellation)
    {
        var state = await session.Events.FetchStreamStateAsync(relationshipId, cancellation);
        if (state is null)
        {
            return null;
        }

        var cache = CacheOf(session);
        var held = Current(cache, relationshipId, state.Created);
        if (held?.Version == state.Version)
        {
            return held.Asked();
        }

        // Asked before the budget is kept, so that it is the last to go.
        var fresh = (await BringUpToDateAsync(session, cache, relationshipId, held, state.Created, state.Version, cancellation)).Asked();
        KeepWithinBudget(cache);
        return fresh;
    }

    private static void KeepWithinBudget(ConcurrentDictionary<string, Held> cache)
    {
        var held = cache.Select(h => (h.Key, h.Value.LastAsked, h.Value.Events.Count)).ToList();
        foreach (var id in HeldBudget.ToRelease(held, HeldBudget.Events))
        {
            cache.TryRemove(id, out _);
        }
    }

    private static ConcurrentDictionary<string, Held> CacheOf(IQuerySession session) =>
        Caches.GetValue(session.DocumentStore, _ => new ConcurrentDictionary<string, Held>(StringComparer.Ordinal));

    /// <summary>What is held of the stream, unless the stream was deleted and started again since (another creation time).</summary>
    private static Held? Current(ConcurrentDictionary<string, Held> cache, string relationshipId, DateTimeOffset created) =>
        cache.TryGetValue(relationshipId, out var held) && held.Created == created ? held : null;

    private static async Task<Held> BringUpToDateAsync(
        IQuerySession session,
        ConcurrentDictionary<string, Held> cache,
        string relationshipId,
        Held? held,
        DateTimeOffset created,
        long version,
        CancellationToken cancellation)
    {
        IReadOnlyList<IEvent> events = held is not null && held.Version < version
            ? [.. held.Events, .. await session.Events.FetchStreamAsync(relationshipId, fromVersion: held.Version + 1, token: cancellation)]
            : await session.Events.FetchStreamAsync(relationshipId, token: cancellation);
        var fresh = new Held(relationshipId, created, events);
        cache[relationshipId] = fresh;
        return fresh;
    }

    private sealed record StreamVersion(string Id, long Version, DateTimeOffset Created);

    private sealed class Held(string relationshipId, DateTimeOffset created, IReadOnlyList<IEvent> events)
    {
        // Questions are numbered rather than timed: only their order matters to the budget.
        private static long questions;

        private Arranged? _arranged;
        private long _lastAsked;

        public long LastAsked => Interlocked.Read(ref _lastAsked);

        public DateTimeOffset Created { get; } = created;

        public long Version { get; } = events.Count == 0 ? 0 : events[^1].Version;

        public IReadOnlyList<IEvent> Events { get; } = events;

        public IReadOnlyList<Engagement> InForce { get; } =
            [.. EngagementHistory.Fold(events).Select(r => r.AsKnownAt(null)).OfType<Engagement>().Order(OccurrenceOrder.Instance)];

        public Held Asked()
        {
            Interlocked.Exchange(ref _lastAsked, Interlocked.Increment(ref questions));
            return this;
        }

        /// <summary>Arranged on the first question, again only if asked with other activity windows.</summary>
        public RelationshipChronology? Chronology(ActivityWindows windows)
        {
            var arranged = _arranged;
            if (arranged?.Windows != windows)
            {
                arranged = new Arranged(windows, RelationshipChronology.Of(relationshipId, InForce, windows));
                _arranged = arranged;
            }

            return arranged.Chronology;
        }

        private sealed record Arranged(ActivityWindows Windows, RelationshipChronology? Chronology);
    }
}
