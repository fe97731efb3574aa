using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsTracker.Contracts;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// A real HTTP server on a local port that takes webhooks, as a subscriber's would; the alerts benchmark times
/// deliveries with it too (its project links this file).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;
    private int _refusals;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>Every request that reached the receiver, refused or taken, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The requests it took (answered 204).</summary>
    public IReadOnlyList<ReceivedWebhook> Taken => Received.Where(r => r.Taken).ToList();

    /// <summary>A receiver not listening yet, on a port that is free now.</summary>
    public static WebhookReceiver OnFreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return new WebhookReceiver(((IPEndPoint)probe.LocalEndpoint).Port);
    }

    /// <summary>Starts listening; the first <paramref name="refusals"/> requests are answered 503, and every one when negative.</summary>
    public async Task<WebhookReceiver> StartAsync(int refusals = 0)
    {
        _refusals = refusals;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var taken = _refusals == 0 || (_refusals > 0 && Interlocked.Decrement(ref _refusals) < 0);
            _received.Enqueue(new ReceivedWebhook(
                body, request.Headers["X-Relations-Signature"].ToString(), JsonSerializer.Deserialize<ChannelStatusChanged>(body, Json)!, taken, DateTimeOffset.UtcNow));
            return taken ? Results.NoContent() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        await _app.StartAsync();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <param name="ArrivedAt">When its body had been read, on the machine's clock (for the benchmark's delays).</param>
public sealed record ReceivedWebhook(string Body, string Signature, ChannelStatusChanged Change, bool Taken, DateTimeOffset ArrivedAt);
