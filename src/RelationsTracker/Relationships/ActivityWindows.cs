using RelationsTracker.Engagements;

namespace RelationsTracker.Relationships;

/// <summary>
/// How long after its last meeting, visit or call a channel still counts as open (default 365 days),
/// configurable per channel under <c>RelationsTracker:ActivityWindowDays</c>.
/// </summary>
public sealed class ActivityWindows
{
    public const int DefaultDays = 365;

    public Dictionary<Channel, int> Days { get; init; } = [];

    public int For(Channel channel) => Days.GetValueOrDefault(channel, DefaultDays);
}
