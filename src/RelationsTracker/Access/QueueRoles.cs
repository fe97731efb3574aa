using System.Buffers.Text;
using System.Security.Cryptography;
using Npgsql;
using RelationsTracker.Engagements.Recording;

namespace RelationsTracker.Access;

/// <summary>
/// PostgreSQL roles for the processes that meet the tracker at its queues (publishers, subscribers): each logs in with
/// a password of its own, keeps its Wolverine storage in a schema of its name, and is granted some of the queue
/// tables only; nothing of the event store or anything else of the tracker's.
/// </summary>
public static class QueueRoles
{
    /// <summary>The statements that make the role, for the tracker's database; run by a role that may create roles.</summary>
    /// <param name="privileges">What it may do with the tables, e.g. <c>INSERT</c>.</param>
    /// <param name="tables">Queue tables, of the schema <see cref="EngagementQueue.TransportSchema"/>.</param>
    public static IReadOnlyList<string> Statements(string name, string password, string privileges, IReadOnlyList<string> tables) =>
    [
        $"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{password}'",
        $"CREATE SCHEMA {name} AUTHORIZATION {name}",
        $"GRANT USAGE ON SCHEMA {EngagementQueue.TransportSchema} TO {name}",
        $"GRANT {privileges} ON {string.Join(", ", tables.Select(t => $"{EngagementQueue.TransportSchema}.{t}"))} TO {name}",
    ];

    /// <summary>Makes the role in one transaction and returns its connection string (the only time its password is seen).</summary>
    /// <param name="statements">The statements for a password: <see cref="Statements"/>.</param>
    public static async Task<string> AddAsync(
        TrackerDatabase database, string name, Func<string, IReadOnlyList<string>> statements, CancellationToken cancellation)
    {
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using (var connection = new NpgsqlConnection(database.AdministrationConnectionString))
        {
            await connection.OpenAsync(cancellation);
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            foreach (var sql in statements(password))
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellation);
            }

            await transaction.CommitAsync(cancellation);
        }

        return new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = name, Password = password }.ConnectionString;
    }
}
