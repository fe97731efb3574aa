namespace RelationsTracker.Contracts;

/// <summary>
/// A channel's status as of today changed, or a late report rewrote what the tracker said of its past. Published
/// once per change; a subscriber that may receive a change twice (delivery is at least once) deduplicates on
/// <see cref="ChangeId"/>. Vocabulary is in the API's camelCase words (<c>military</c>, <c>stalled</c>).
/// </summary>
/// <param name="ChangeId">The change's identity: the same in every delivery of it.</param>
/// <param name="Relationship">The two countries' ISO codes in alphabetical order, e.g. <c>CHN-USA</c>.</param>
/// <param name="Channel">military, diplomatic, economic, climate, leaders or legislative.</param>
/// <param name="From">The channel's status today before the change.</param>
/// <param name="To">Its status today after the change (equal to <paramref name="From"/> when only the past was rewritten).</param>
/// <param name="Since">Since when the channel has been in <paramref name="To"/> (YYYY-MM-DD, or YYYY-MM / YYYY); absent when unknown.</param>
/// <param name="Reason">Why the channel is in <paramref name="To"/>.</param>
/// <param name="DecidedBy">The sourceIds of the engagements that decided <paramref name="To"/>.</param>
/// <param name="Cause">recorded, backfill, retraction, correction, or time (the passing of time, with no event: open to dormant).</param>
/// <param name="AsOf">The day on the tracker's clock the change was made.</param>
/// <param name="RecordedAt">When the change was made: when the engagement that made it was recorded.</param>
/// <param name="Rewritten">For a change that rewrote the past: the past intervals that changed.</param>
public sealed record ChannelStatusChanged(
    Guid ChangeId,
    string Relationship,
    string Channel,
    string From,
    string To,
    string? Since,
    string Reason,
    IReadOnlyList<string> DecidedBy,
    string Cause,
    DateOnly AsOf,
    DateTimeOffset RecordedAt,
    RewrittenPast? Rewritten);

/// <summary>The past intervals of a channel that a change rewrote: those beginning from <see cref="From"/> through <see cref="Through"/>.</summary>
public sealed record RewrittenPast(DateOnly From, DateOnly Through);
