using DotNet.Testcontainers.Builders;
using Npgsql;
using RelationsTracker.LocalPostgres;
using Testcontainers.PostgreSql;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// One PostgreSQL server for the whole test run, taken in this order: the connection string in
/// RELATIONS_TEST_POSTGRES; a Testcontainers container when a Docker engine answers; a throwaway cluster
/// started from the PostgreSQL server binaries on this machine. Each test class gets a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "RELATIONS_TEST_POSTGRES";

    private static readonly Lazy<Task<Server>> Shared = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Shared.Value;
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A database owned by a role of its own that is not a superuser, and a connection string as that role.</summary>
    public static async Task<string> CreateDatabaseOfOwnRoleAsync()
    {
        var server = await Shared.Value;
        var name = "owned_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server.AdminConnectionString, $"CREATE ROLE \"{name}\" LOGIN NOSUPERUSER PASSWORD '{name}'");
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE \"{name}\" OWNER \"{name}\"");
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Username = name, Password = name }.ConnectionString;
    }

    /// <summary>Drops a test database, and its role when it has one of its own.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await Shared.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await ExecuteAsync(server.AdminConnectionString, $"DROP ROLE IF EXISTS \"{name}\"");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Server> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Server(configured);
        }

        var container = await TryStartContainerAsync();
        if (container is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new Server(container.GetConnectionString());
        }

        try
        {
            var cluster = await LocalPostgresCluster.StartTemporaryAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAndRemoveDetached();
            return new Server(cluster.ConnectionString());
        }
        catch (PostgresUnavailableException e)
        {
            throw new InvalidOperationException(
                $"The integration tests need PostgreSQL and found none. Set {EnvironmentVariable} to a connection string, " +
                "run a Docker engine, or install the PostgreSQL server binaries (Debian/Ubuntu: apt-get install -y postgresql). " +
                e.Message,
                e);
        }
    }

    private static async Task<PostgreSqlContainer?> TryStartContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return container;
        }
        catch (Exception e) when (e is DockerUnavailableException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }

    private sealed record Server(string AdminConnectionString);
}
