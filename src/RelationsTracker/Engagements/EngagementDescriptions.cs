using System.Text.Json;

namespace RelationsTracker.Engagements;

/// <summary>Sentences an analyst can read about engagements.</summary>
public static class EngagementDescriptions
{
    /// <summary>"CHN (Li Shangfu, Minister of National Defense) rebuffed USA (Lloyd Austin) on 2023-06 (date known only to the month) [id]".</summary>
    public static string Describe(Engagement e)
    {
        var initiator = e.Initiator.Describe();
        var counterpart = e.Counterpart.Describe();
        var what = e.Kind switch
        {
            EngagementKind.Meeting => $"{initiator} met {counterpart}",
            EngagementKind.Visit => $"{initiator} visited {counterpart}",
            EngagementKind.Call => $"{initiator} called {counterpart}",
            EngagementKind.Planned => $"{initiator} is to meet {counterpart}",
            EngagementKind.Outreach => $"{initiator} reached out to {counterpart}",
            EngagementKind.Rebuff => $"{initiator} rebuffed {counterpart}",
            EngagementKind.Statement when e.Stance == Stance.Critical => $"{initiator} criticised {counterpart}",
            EngagementKind.Statement when e.Stance == Stance.Supportive => $"{initiator} spoke in support of {counterpart}",
            EngagementKind.Statement => $"{initiator} made a statement about {counterpart}",
            EngagementKind.Suspension => $"{initiator} suspended the {Name(e.Channel)} channel with {counterpart}",
            EngagementKind.Restoration => $"{initiator} and {counterpart} agreed to restore the {Name(e.Channel)} channel",
            EngagementKind.Sanction => $"{initiator} sanctioned {counterpart}",
            EngagementKind.Assessment => $"{(e.Source?.Publisher is { } publisher ? publisher : "an observer")} assessed the {Name(e.Channel)} channel as {Name(e.AssessedStatus)}",
            EngagementKind.Retraction => $"the report '{e.Retracts}' was retracted",
            _ when e.Coding is { } coding => $"{initiator} to {counterpart}: CAMEO {coding.Cameo} {CameoCodes.Find(coding.Cameo).Name}",
            _ => $"{initiator} engaged {counterpart}",
        };
        return $"{what} on {e.OccurredOn}{e.OccurredOn.PrecisionNote} [{e.SourceId}]";
    }

    /// <summary>The JSON name of a vocabulary value ("military", "stalled").</summary>
    public static string Name(Enum? value) =>
        value is null ? "unknown" : JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
