using Marten;
using RelationsTracker.Contracts;

namespace RelationsTracker.Alerts;

/// <summary>One change to post to one watch's webhook.</summary>
public sealed record DeliverWebhook(Guid WatchId, ChannelStatusChanged Change);

/// <summary>Sends each change to the webhooks of the watches it matches, one delivery each, so that each is retried alone.</summary>
public static class ChannelStatusChangedHandler
{
    public static async Task<IReadOnlyList<DeliverWebhook>> Handle(ChannelStatusChanged change, IQuerySession session, CancellationToken cancellation)
    {
        var watches = await session.Query<Watch>().ToListAsync(cancellation);
        return watches.Where(w => w.Matches(change)).Select(w => new DeliverWebhook(w.Id, change)).ToList();
    }
}
