using RelationsTracker.Engagements;
using RelationsTracker.Relationships;

namespace RelationsTracker.Alerts;

/// <summary>Turns a <see cref="WatchRequest"/> into a <see cref="Watch"/>, or into one problem per faulty field.</summary>
public static class WatchRequests
{
    public const int MinSecretLength = 16;
    private const int MaxLength = 2000;

    public static (Watch? Watch, IReadOnlyDictionary<string, string[]> Problems) Validate(WatchRequest request, Guid id, DateTimeOffset now)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fault(string field, string problem) => problems[field] = [.. problems.GetValueOrDefault(field, []), problem];

        string? relationship = null;
        if (request.Relationship is { } pair)
        {
            var countries = pair.Split('-');
            if (countries.Length != 2 || !countries.All(Countries.IsKnown) || countries[0] == countries[1])
            {
                Fault("relationship", $"'{pair}' is not two different ISO 3166 alpha-3 codes joined by '-', e.g. USA-CHN.");
            }
            else
            {
                relationship = RelationshipKey.For(countries[0], countries[1]);
            }
        }

        if (request.Country is { } country && !Countries.IsKnown(country))
        {
            Fault("country", $"'{country}' is not an ISO 3166 alpha-3 code, e.g. USA.");
        }

        var channels = Words<Channel>(request.Channels, "channels", Fault);
        var statuses = Words<ChannelStatus>(request.Statuses, "statuses", Fault);

        var url = request.Webhook?.Url;
        var secret = request.Webhook?.Secret;
        if (request.Webhook is not null)
        {
            if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Fault("webhook.url", "The webhook's url must be an absolute http or https URL.");
            }

            if (secret is null || secret.Length < MinSecretLength || secret.Length > MaxLength || secret.Any(char.IsControl))
            {
                Fault("webhook.secret", $"The webhook's secret must be {MinSecretLength} to {MaxLength} characters, none of them control characters.");
            }
        }

        if (request.Queue is { } queue && SubscriberQueues.Refusal(queue) is { } refusal)
        {
            Fault("queue", refusal);
        }

        if (request.Webhook is null && request.Queue is null)
        {
            Fault("webhook", "A watch needs a webhook, { \"url\": \"https://...\", \"secret\": \"...\" }, or a queue, \"my_analytics\", or both.");
        }

        return problems.Count > 0
            ? (null, problems)
            : (new Watch(id, relationship, request.Country, channels, statuses, request.Webhook is null ? null : new Webhook(url!, secret!), request.Queue, now), problems);
    }

    private static List<T> Words<T>(IReadOnlyList<string>? words, string field, Action<string, string> fault)
        where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var word in words ?? [])
        {
            var value = Enum.GetValues<T>().Where(v => ChannelChanges.Word(v) == word).Select(v => (T?)v).FirstOrDefault();
            if (value is { } known)
            {
                values.Add(known);
            }
            else
            {
                fault(field, $"'{word}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(ChannelChanges.Word))}.");
            }
        }

        return values.Distinct().ToList();
    }
}
