using System.Diagnostics;
using Npgsql;
using RelationsTracker.LocalPostgres;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The embedded default's cluster (persistent, as the server starts it): TCP logins need their password, the tracker's
/// role owns its database but is no superuser, and another OS user cannot reach the socket.
/// </summary>
public sealed class EmbeddedPostgresSecurityTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"relations-embedded-test-{Guid.NewGuid():N}"[..40]);
    private LocalPostgresCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LocalPostgresCluster.StartOrReuseAsync(_directory);

        // What an install made before the tracker had a role of its own left: a database and objects of the superuser's.
        await ExecuteAsync(_cluster.ConnectionString(), "CREATE DATABASE relations");
        await ExecuteAsync(_cluster.ConnectionString("relations"), """
            CREATE SCHEMA earlier;
            CREATE TABLE earlier.items (id serial PRIMARY KEY, name text);
            CREATE FUNCTION earlier.shout(text) RETURNS text LANGUAGE sql AS 'SELECT upper($1)';
            """);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Tcp_logins_need_the_password_and_the_tracker_role_owns_its_database_but_is_no_superuser()
    {
        var tracker = await _cluster.EnsureOwnedDatabaseAsync("relations");
        var builder = new NpgsqlConnectionStringBuilder(tracker);

        var noPassword = new NpgsqlConnectionStringBuilder(tracker) { Username = "postgres", Password = null }.ConnectionString;
        await Should.ThrowAsync<NpgsqlException>(() => ExecuteAsync(noPassword, "SELECT 1"));
        var wrongPassword = new NpgsqlConnectionStringBuilder(tracker) { Password = "guessed" }.ConnectionString;
        (await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(wrongPassword, "SELECT 1"))).SqlState.ShouldBe(PostgresErrorCodes.InvalidPassword);

        // The role took over what the superuser had made, and works with it; it may not run programs.
        await ExecuteAsync(tracker, "INSERT INTO earlier.items (name) VALUES (earlier.shout('ok')); CREATE SCHEMA later; CREATE TABLE later.t (id int)");
        (await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(tracker, "COPY (SELECT 1) TO PROGRAM 'id'"))).SqlState
            .ShouldBe(PostgresErrorCodes.InsufficientPrivilege);

        builder.Username.ShouldBe("relations");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_cluster.PasswordFile("relations")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await _cluster.EnsureOwnedDatabaseAsync("relations")).ShouldBe(tracker);
    }

    [Fact]
    public async Task Another_os_user_cannot_reach_the_socket_that_needs_no_password()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/psql"))
        {
            // Only root can act as another OS user here; the TCP test above covers the rest.
            return;
        }

        var start = new ProcessStartInfo("runuser", ["-u", "nobody", "--", "psql", "-w", "-h", _directory, "-p", _cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", "SELECT 1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var psql = Process.Start(start)!;
        var error = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();

        psql.ExitCode.ShouldNotBe(0);
        error.ShouldContain("Permission denied");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
