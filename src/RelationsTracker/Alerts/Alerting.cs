using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RelationsTracker.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;

namespace RelationsTracker.Alerts;

/// <summary>How changes travel: durable local queues from the projection's outbox to the watches, then to each webhook.</summary>
public static class Alerting
{
    public const string Section = "RelationsTracker:Webhooks";

    /// <summary>The waits between a webhook's tries, longer each time; after the last, the delivery is dead-lettered.</summary>
    public static readonly TimeSpan[] DefaultRetries =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1),
    ];

    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddHttpClient(DeliverWebhookHandler.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return services.AddHostedService<ChangeRelay>();
    }

    /// <summary>The retries of <c>RelationsTracker:Webhooks:Retries</c> (a list of waits), else <see cref="DefaultRetries"/>.</summary>
    public static void ConfigureIn(WolverineOptions options, IConfiguration configuration)
    {
        var retries = configuration.GetSection($"{Section}:Retries").Get<TimeSpan[]>() is { Length: > 0 } configured ? configured : DefaultRetries;

        // Both are stored in the transaction that queues them: a change is stored with the events that make it, a
        // delivery with the handling of its change; a crash leaves them to be handled when a node takes them up.
        // One at a time, so that a webhook hears of a channel's changes in the order they were made, unless one of
        // them has to be retried.
        options.LocalQueueFor<ChannelStatusChanged>().UseDurableInbox().Sequential();
        options.LocalQueueFor<DeliverWebhook>().UseDurableInbox().Sequential();
        options.OnException<WebhookDeliveryFailedException>().ScheduleRetry(retries).Then.MoveToErrorQueue();
    }
}
