using RelationsTracker.Alerts;
using RelationsTracker.Contracts;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace RelationsTracker.Engagements.DeadLetters;

/// <summary>A queued submission that could not be recorded, with the reason, as Wolverine's dead-letter store keeps it.</summary>
public sealed record RejectedSubmission(
    Guid Id,
    string MessageType,
    DateTimeOffset SentAt,
    string ExceptionType,
    string Reason,
    bool Replayable,
    object? Message);

/// <summary>Lists, replays and discards dead letters; shared by HTTP and the command line.</summary>
public static class RejectedSubmissions
{
    private static readonly System.Text.Json.JsonSerializerOptions MessageJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static Task<IReadOnlyList<RejectedSubmission>> ListAsync(IWolverineRuntime runtime, CancellationToken cancellation) =>
        ListAsync(runtime, new DeadLetterEnvelopeQuery { PageSize = 500 }, cancellation);

    /// <summary>Every dead letter of a message sent at or after <paramref name="since"/>, page after page.</summary>
    public static async Task<IReadOnlyList<RejectedSubmission>> SentSinceAsync(IWolverineRuntime runtime, DateTimeOffset since, CancellationToken cancellation)
    {
        var all = new List<RejectedSubmission>();
        for (var page = 1; ; page++)
        {
            var query = new DeadLetterEnvelopeQuery(new JasperFx.Core.TimeRange(since, null)) { PageSize = 500, PageNumber = page };
            var letters = await ListAsync(runtime, query, cancellation);
            all.AddRange(letters);
            if (letters.Count < query.PageSize)
            {
                return all;
            }
        }
    }

    private static async Task<IReadOnlyList<RejectedSubmission>> ListAsync(IWolverineRuntime runtime, DeadLetterEnvelopeQuery query, CancellationToken cancellation)
    {
        var results = await runtime.Storage.DeadLetters.QueryAsync(query, cancellation);
        return results.Envelopes
            .Select(e => new RejectedSubmission(
                e.Id,
                ShortName(e.MessageType),
                e.SentAt,
                e.ExceptionType,
                e.ExceptionMessage,
                e.Replayable,
                TryRead(e) ?? e.Message))
            .OrderBy(r => r.SentAt)
            .ToList();
    }

    /// <summary>Marks the dead letter for replay: Wolverine moves it back to the inbox and handles it again.</summary>
    public static async Task<bool> ReplayAsync(IWolverineRuntime runtime, Guid id, CancellationToken cancellation)
    {
        if (await runtime.Storage.DeadLetters.DeadLetterEnvelopeByIdAsync(id) is null)
        {
            return false;
        }

        await runtime.Storage.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([id]), cancellation);
        return true;
    }

    public static async Task<bool> DiscardAsync(IWolverineRuntime runtime, Guid id, CancellationToken cancellation)
    {
        if (await runtime.Storage.DeadLetters.DeadLetterEnvelopeByIdAsync(id) is null)
        {
            return false;
        }

        await runtime.Storage.DeadLetters.DiscardAsync(new DeadLetterEnvelopeQuery([id]), cancellation);
        return true;
    }

    /// <summary>
    /// The submitted engagement, also when it was set aside from a batch (RecordEngagementAlone), or the whole
    /// message when it was refused as a whole (SubmitEngagements) or is a correction (CorrectEngagement); for a
    /// webhook that refused a change after every retry (DeliverWebhook), the watch and the change.
    /// </summary>
    private static object? TryRead(DeadLetterEnvelope envelope) =>
        envelope.Envelope.Data is not { Length: > 0 } data
            ? null
            : ShortName(envelope.MessageType) switch
            {
                nameof(RecordEngagementAlone) => System.Text.Json.JsonSerializer.Deserialize<RecordEngagementAlone>(data, MessageJson)?.Engagement,
                nameof(SubmitEngagements) => System.Text.Json.JsonSerializer.Deserialize<SubmitEngagements>(data, MessageJson),
                nameof(CorrectEngagement) => System.Text.Json.JsonSerializer.Deserialize<CorrectEngagement>(data, MessageJson),
                nameof(RecordEngagement) => System.Text.Json.JsonSerializer.Deserialize<RecordEngagement>(data, MessageJson),
                nameof(DeliverWebhook) => System.Text.Json.JsonSerializer.Deserialize<DeliverWebhook>(data, MessageJson),
                _ => null,
            };

    private static string ShortName(string messageType) => messageType.Split('.', ':').Last();
}
