using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using RelationsTracker.Relationships;

namespace RelationsTracker.Alerts;

/// <summary>
/// An analyst's or a system's standing request to hear of changes: those of a relationship, of a country, of some
/// channels, to some statuses (each optional; a watch with none hears of every change), delivered to a webhook, to a
/// subscriber's PostgreSQL queue, or to both.
/// </summary>
public sealed record Watch(
    Guid Id,
    string? Relationship,
    string? Country,
    IReadOnlyList<Channel> Channels,
    IReadOnlyList<ChannelStatus> Statuses,
    Webhook? Webhook,
    string? Queue,
    DateTimeOffset CreatedAt)
{
    public bool Matches(ChannelStatusChanged change) =>
        (Relationship is null || Relationship == change.Relationship)
        && (Country is null || RelationshipKey.Countries(change.Relationship).Contains(Country, StringComparer.Ordinal))
        && (Channels.Count == 0 || Channels.Any(c => ChannelChanges.Word(c) == change.Channel))
        && (Statuses.Count == 0 || Statuses.Any(s => ChannelChanges.Word(s) == change.To));

    /// <summary>What the API shows of the watch: everything but the webhook's secret.</summary>
    public WatchView View() => new(
        Id,
        Relationship,
        Country,
        Channels.Select(ChannelChanges.Word).ToList(),
        Statuses.Select(ChannelChanges.Word).ToList(),
        Webhook is null ? null : new WebhookView(Webhook.Url),
        Queue,
        CreatedAt);
}

/// <summary>Where a watch's changes are posted, and the secret their signature is computed with.</summary>
public sealed record Webhook(string Url, string Secret);

public sealed record WatchView(
    Guid Id,
    string? Relationship,
    string? Country,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Statuses,
    WebhookView? Webhook,
    string? Queue,
    DateTimeOffset CreatedAt);

public sealed record WebhookView(string Url);

/// <summary>A watch as a client asks for it (POST /api/watches, <c>relations watch add</c>); every member is checked by <see cref="WatchRequests"/>.</summary>
public sealed record WatchRequest
{
    /// <summary>Two ISO codes, in either order: <c>USA-CHN</c>.</summary>
    public string? Relationship { get; init; }

    /// <summary>An ISO code: changes of every relationship of that country.</summary>
    public string? Country { get; init; }

    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>The statuses a change must lead to.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    public WebhookRequest? Webhook { get; init; }

    /// <summary>A PostgreSQL queue of the subscriber's naming, e.g. <c>my_analytics</c>: each change as the Wolverine message <c>ChannelStatusChanged</c>.</summary>
    public string? Queue { get; init; }
}

public sealed record WebhookRequest
{
    public string? Url { get; init; }

    public string? Secret { get; init; }
}
