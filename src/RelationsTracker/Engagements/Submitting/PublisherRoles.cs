using System.Buffers.Text;
using System.Security.Cryptography;
using Npgsql;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Engagements.Submitting;

/// <summary>
/// PostgreSQL roles for publishers: each may put messages in the <c>engagements</c> queue and keep its outbox in a
/// schema of its own, and has no privilege on the event store or anything else of the tracker's.
/// </summary>
public static class PublisherRoles
{
    /// <summary>The queue's tables, which the server creates at its first start.</summary>
    public static readonly IReadOnlyList<string> QueueTables =
        [$"wolverine_queue_{EngagementQueue.Name}", $"wolverine_queue_{EngagementQueue.Name}_scheduled"];

    /// <summary>Why a name cannot be a publisher role's, or null when it can.</summary>
    public static string? Refusal(string name) =>
        PlainNames.IsPlain(name, maxLength: 63)
            ? null
            : $"'{name}' is not a publisher name: use lower-case letters, digits and '_', starting with a letter (at most 63).";

    /// <summary>The statements that make the role, for the tracker's database; run by a role that may create roles.</summary>
    public static IReadOnlyList<string> Statements(string name, string password) =>
    [
        $"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{password}'",
        $"CREATE SCHEMA {name} AUTHORIZATION {name}",
        $"GRANT USAGE ON SCHEMA {EngagementQueue.TransportSchema} TO {name}",
        $"GRANT INSERT ON {string.Join(", ", QueueTables.Select(t => $"{EngagementQueue.TransportSchema}.{t}"))} TO {name}",
    ];

    /// <summary>Makes the role in one transaction and returns its connection string (the only time its password is seen).</summary>
    public static async Task<string> AddAsync(TrackerDatabase database, string name, CancellationToken cancellation)
    {
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using (var connection = new NpgsqlConnection(database.AdministrationConnectionString))
        {
            await connection.OpenAsync(cancellation);
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            foreach (var sql in Statements(name, password))
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellation);
            }

            await transaction.CommitAsync(cancellation);
        }

        return new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = name, Password = password }.ConnectionString;
    }
}
