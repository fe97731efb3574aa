namespace RelationsTracker.IntegrationTests.Support;

/// <summary>The server of <see cref="TrackerApp"/>, retrying webhooks three times at short intervals.</summary>
public sealed class AlertingApp : TrackerApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RelationsTracker:Webhooks:Retries:0"] = "00:00:00.2",
        ["RelationsTracker:Webhooks:Retries:1"] = "00:00:00.2",
        ["RelationsTracker:Webhooks:Retries:2"] = "00:00:00.2",
    };
}
