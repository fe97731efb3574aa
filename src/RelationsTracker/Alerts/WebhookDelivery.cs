using System.Net.Http.Headers;
using System.Text.Json;
using Marten;

namespace RelationsTracker.Alerts;

/// <summary>A webhook that did not take a delivery: retried later (<see cref="Alerting"/>), then dead-lettered.</summary>
public sealed class WebhookDeliveryFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Posts a change to a watch's webhook, signed with the watch's secret.</summary>
public static class DeliverWebhookHandler
{
    public const string ClientName = "webhooks";
    public const string ChangeHeader = "X-Relations-Change";
    public const string WatchHeader = "X-Relations-Watch";

    private static readonly JsonSerializerOptions Json = JsonConventions.Apply(new JsonSerializerOptions());

    public static async Task Handle(DeliverWebhook delivery, IQuerySession session, IHttpClientFactory clients, CancellationToken cancellation)
    {
        // A watch removed since the change was announced hears no more of it.
        if (await session.LoadAsync<Watch>(delivery.WatchId, cancellation) is not { Webhook: { } webhook } watch)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(delivery.Change, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(body, webhook.Secret));
        request.Headers.Add(ChangeHeader, delivery.Change.ChangeId.ToString());
        request.Headers.Add(WatchHeader, watch.Id.ToString());
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellation);
            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookDeliveryFailedException($"{webhook.Url} answered {(int)response.StatusCode} to change {delivery.Change.ChangeId}.");
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
        {
            throw new WebhookDeliveryFailedException($"{webhook.Url} could not be reached for change {delivery.Change.ChangeId}: {e.Message}", e);
        }
    }
}
