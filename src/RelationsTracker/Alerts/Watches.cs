using Marten;
using Wolverine.Runtime;

namespace RelationsTracker.Alerts;

/// <summary>Adds, lists and removes watches; shared by HTTP and the command line.</summary>
public static class Watches
{
    /// <summary>
    /// Stores the watch asked for, its queue made first, or answers the problems of the request, one list per field.
    /// </summary>
    public static async Task<(Watch? Watch, IReadOnlyDictionary<string, string[]> Problems)> AddAsync(
        IDocumentSession session, IWolverineRuntime runtime, WatchRequest request, DateTimeOffset now, CancellationToken cancellation)
    {
        var (watch, problems) = WatchRequests.Validate(request, Guid.CreateVersion7(), now);
        if (watch is not null)
        {
            if (watch.Queue is { } queue)
            {
                await SubscriberQueues.EnsureAsync(runtime, queue);
            }

            session.Store(watch);
            await session.SaveChangesAsync(cancellation);
        }

        return (watch, problems);
    }

    public static async Task<IReadOnlyList<WatchView>> ListAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<Watch>().OrderBy(w => w.CreatedAt).ToListAsync(cancellation)).Select(w => w.View()).ToList();

    /// <summary>Removes the watch; false when there is none of that id.</summary>
    public static async Task<bool> RemoveAsync(IDocumentSession session, Guid id, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Watch>(id, cancellation) is null)
        {
            return false;
        }

        session.Delete<Watch>(id);
        await session.SaveChangesAsync(cancellation);
        return true;
    }
}
