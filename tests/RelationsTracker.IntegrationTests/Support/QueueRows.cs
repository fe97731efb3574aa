using Npgsql;
using RelationsTracker.Alerts;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>What a subscriber's queue holds, read from its table; a queue whose tables are missing throws.</summary>
public static class QueueRows
{
    public static async Task<long> CountAsync(string connectionString, string queue)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {EngagementQueue.TransportSchema}.{SubscriberQueues.Tables(queue)[0]}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
