namespace RelationsTracker.Engagements;

/// <summary>Which channel an engagement belongs to, and which sectors speak for a channel.</summary>
public static class ChannelRules
{
    /// <summary>
    /// The channel of an engagement that names none, from its principals' sectors: a channel is only
    /// claimed when both sides belong to it; anything mixed is diplomatic contact.
    /// </summary>
    public static Channel Derive(Sector initiator, Sector counterpart)
    {
        var first = ChannelOf(initiator);
        return first is { } channel && channel == ChannelOf(counterpart) ? channel : Channel.Diplomatic;
    }

    /// <summary>The channel a sector speaks for, if any (defense officials count as military).</summary>
    public static Channel? ChannelOf(Sector sector) => sector switch
    {
        Sector.Military or Sector.Defense => Channel.Military,
        Sector.Executive => Channel.Leaders,
        Sector.Economic => Channel.Economic,
        Sector.Climate => Channel.Climate,
        Sector.Legislative => Channel.Legislative,
        Sector.Diplomatic => Channel.Diplomatic,
        _ => null,
    };

    /// <summary>
    /// An engagement on another channel that involves one of this channel's sectors is a related contact:
    /// a diplomat meeting a defense official is diplomatic, but matters to the military channel.
    /// </summary>
    public static bool IsRelatedContact(Engagement engagement, Channel channel) =>
        engagement.Channel != channel
        && (ChannelOf(engagement.Initiator.Sector) == channel || ChannelOf(engagement.Counterpart.Sector) == channel);
}
