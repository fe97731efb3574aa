namespace RelationsTracker.Engagements;

/// <summary>What happened between the two countries.</summary>
public enum EngagementKind
{
    Meeting,
    Visit,
    Call,
    Planned,
    Outreach,
    Rebuff,
    Statement,
    Suspension,
    Restoration,
    Sanction,
    Assessment,
    Retraction,

    /// <summary>A coded event from a data set (CAMEO) that is none of the above: temperature only, never a status.</summary>
    Coded,
}

/// <summary>A line of contact between two countries, whose status the tracker follows.</summary>
public enum Channel
{
    Military,
    Diplomatic,
    Economic,
    Climate,
    Leaders,
    Legislative,
}

/// <summary>The part of government (or society) a participant speaks for.</summary>
public enum Sector
{
    Military,
    Defense,
    Diplomatic,
    Executive,
    Economic,
    Climate,
    Legislative,
    Other,
}

public enum Stance
{
    Supportive,
    Critical,
    Neutral,
}

/// <summary>The status of a channel at a date.</summary>
public enum ChannelStatus
{
    Unknown,
    Open,
    Resuming,
    Stalled,
    Suspended,
    Dormant,
}
