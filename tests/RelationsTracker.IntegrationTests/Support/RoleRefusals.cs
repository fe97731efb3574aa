using Npgsql;
using Shouldly;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>What a restricted PostgreSQL role must not be allowed to do.</summary>
public static class RoleRefusals
{
    /// <summary>Runs each statement as the role and checks PostgreSQL refuses it for want of a privilege.</summary>
    public static async Task ShouldRefuseAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, sql);
        }
    }
}
