using System.Text.RegularExpressions;
using RelationsTracker.IntegrationTests.Support;
using Shouldly;
using Xunit;

namespace RelationsTracker.IntegrationTests;

/// <summary><c>relations keys add|list|revoke</c>: a key printed once works at once, and stops working when revoked.</summary>
public sealed partial class KeysCommandTests(TrackerApp app) : IClassFixture<TrackerApp>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_key_added_on_the_command_line_writes_is_listed_and_once_revoked_is_refused()
    {
        var (added, output) = await RelationsCli.RunAsync(app.ConnectionString, "keys", "add", "ci-feed", "--role", "writer");
        added.ShouldBe(0, output);
        var key = KeyPattern().Match(output).Value;
        key.ShouldNotBeEmpty(output);
        await app.Host.PostAsync("/api/engagements", Submit.Meeting("from-ci", "2023-06-18"), key, 201);

        var (listed, list) = await RelationsCli.RunAsync(app.ConnectionString, "keys", "list");
        listed.ShouldBe(0, list);
        list.ShouldContain("ci-feed");
        list.ShouldContain("writer");
        list.ShouldNotContain(key);

        var (revoked, revocation) = await RelationsCli.RunAsync(app.ConnectionString, "keys", "revoke", "ci-feed");
        revoked.ShouldBe(0, revocation);
        await app.Host.PostAsync("/api/engagements", Submit.Meeting("from-ci-later", "2023-06-19"), key, 401);
    }

    [Fact]
    public async Task An_unknown_role_or_a_second_active_key_of_a_name_is_refused()
    {
        var (unknownRole, output) = await RelationsCli.RunAsync(app.ConnectionString, "keys", "add", "someone", "--role", "root");
        unknownRole.ShouldBe(1, output);
        output.ShouldContain("'root' is not a role");

        await RelationsTracker.Access.AccessKeys.AddAsync(app.Store, "twice", "reader", TrackerApp.Now, CancellationToken.None);
        var (again, refusal) = await RelationsCli.RunAsync(app.ConnectionString, "keys", "add", "twice", "--role", "reader");
        again.ShouldBe(1, refusal);
        refusal.ShouldContain("A key named 'twice' exists");
    }

    [GeneratedRegex("rt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}
