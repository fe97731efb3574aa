using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RelationsTracker.IntegrationTests.Support;
using RelationsTracker.LocalPostgres;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary>
/// The server started as the Quick start starts it, with no connection string: its own PostgreSQL, to which it connects
/// as a role that is no superuser (Marten and Wolverine make their schemas as that role), and an admin key made at the
/// first start, printed once and kept in a file only its OS user can read.
/// </summary>
public sealed class EmbeddedDefaultTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"relations-default-test-{Guid.NewGuid():N}"[..40]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await LocalPostgresCluster.StopAsync(_directory);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_first_start_makes_an_admin_key_that_writes_and_the_next_start_keeps_it()
    {
        var keyFile = Path.Combine(_directory, "admin.key");
        string key;
        await using (var first = await ServerProcess.StartEmbeddedAsync(_directory))
        {
            key = (await File.ReadAllTextAsync(keyFile)).Trim();
            first.Output.ShouldContain(key);
            first.Output.ShouldContain("role 'relations'");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var anonymous = new HttpClient { BaseAddress = first.Address };
            using var refused = await anonymous.PostAsJsonAsync(new Uri("/api/engagements", UriKind.Relative), Submit.Meeting("no-key", "2023-06-18"));
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await PostWithAsync(first, key, "first-start")).ShouldBe(HttpStatusCode.Created, first.Output);
            await first.StopAsync();
        }

        await using var second = await ServerProcess.StartEmbeddedAsync(_directory);
        second.Output.ShouldNotContain("An admin key was made");
        (await File.ReadAllTextAsync(keyFile)).Trim().ShouldBe(key);
        (await PostWithAsync(second, key, "second-start")).ShouldBe(HttpStatusCode.Created, second.Output);
        await second.StopAsync();
    }

    private static async Task<HttpStatusCode> PostWithAsync(ServerProcess server, string key, string sourceId)
    {
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var answer = await client.PostAsJsonAsync(new Uri("/api/engagements", UriKind.Relative), Submit.Meeting(sourceId, "2023-06-18"));
        return answer.StatusCode;
    }
}
