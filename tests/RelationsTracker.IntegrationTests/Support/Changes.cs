using System.Text.Json;
using Marten;
using RelationsTracker.Contracts;
using RelationsTracker.Relationships.Projection;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>The changes the projection recorded, oldest first.</summary>
public static class Changes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<ChannelStatusChanged>> RecordedAsync(IDocumentStore store, string? relationship = null, string? channel = null)
    {
        await using var session = store.QuerySession();
        await ProjectedRows.CaughtUpAsync(session);
        var rows = await session.QueryAsync<string>($"select change::text from {ProjectedTables.ChangeTable} order by seq");
        return rows.Select(r => JsonSerializer.Deserialize<ChannelStatusChanged>(r, Json)!)
            .Where(c => (relationship is null || c.Relationship == relationship) && (channel is null || c.Channel == channel))
            .ToList();
    }
}
