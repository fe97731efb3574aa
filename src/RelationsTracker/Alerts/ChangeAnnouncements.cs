using Marten;
using RelationsTracker.Contracts;
using Wolverine;

namespace RelationsTracker.Alerts;

/// <summary>One change to post to one watch's webhook.</summary>
public sealed record DeliverWebhook(Guid WatchId, ChannelStatusChanged Change);

/// <summary>
/// Sends each change to the webhooks of the watches it matches, one delivery each, so that each is retried alone; and
/// to their subscribers' queues, once per queue, as the change itself. Both go through Wolverine's outbox, in the
/// transaction that marks the change handled.
/// </summary>
public static class ChannelStatusChangedHandler
{
    public static async Task<IReadOnlyList<object>> Handle(ChannelStatusChanged change, IQuerySession session, CancellationToken cancellation)
    {
        var watches = (await session.Query<Watch>().ToListAsync(cancellation)).Where(w => w.Matches(change)).ToList();
        return
        [
            .. watches.Where(w => w.Webhook is not null).Select(w => new DeliverWebhook(w.Id, change)),
            .. watches.Select(w => w.Queue).OfType<string>().Distinct(StringComparer.Ordinal)
                .Select(queue => change.ToDestination(SubscriberQueues.Address(queue))),
        ];
    }
}
