using RelationsTracker.Access;
using RelationsTracker.Alerts;
using RelationsTracker.Engagements.Submitting;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Access;

public sealed class AccessKeyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 16, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_key_names_its_record_and_only_its_hash_is_stored()
    {
        var (record, key) = AccessKey.Create("ci-feed", AccessRoles.Writer, Now);

        key.ShouldMatch("^rt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$");
        AccessKey.IdOf(key).ShouldBe(record.Id);
        record.Hash.ShouldNotContain(key[16..]);
        record.Matches(key).ShouldBeTrue();
        record.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Two_keys_differ_and_neither_matches_the_other()
    {
        var (first, firstKey) = AccessKey.Create("a", AccessRoles.Reader, Now);
        var (second, secondKey) = AccessKey.Create("b", AccessRoles.Reader, Now);

        firstKey.ShouldNotBe(secondKey);
        first.Matches(secondKey).ShouldBeFalse();
        second.Matches(firstKey).ShouldBeFalse();
        first.Matches(firstKey + "x").ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("rt_")]
    [InlineData("rt_0123456789ab")]
    [InlineData("rt_0123456789abc_secret")]
    [InlineData("xx_0123456789ab_secret")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    public void A_value_not_shaped_like_a_key_names_no_record(string presented) =>
        AccessKey.IdOf(presented).ShouldBeNull();

    [Theory]
    [InlineData("ci-feed", "writer", null)]
    [InlineData("", "writer", "is not a key name")]
    [InlineData("tab\tname", "reader", "is not a key name")]
    [InlineData("ci-feed", "root", "'root' is not a role")]
    [InlineData("ci-feed", "Admin", "'Admin' is not a role")]
    public void A_key_needs_a_printable_name_and_one_of_the_three_roles(string name, string role, string? refusal)
    {
        var answer = AccessKeys.Refusal(name, role);

        if (refusal is null)
        {
            answer.ShouldBeNull();
        }
        else
        {
            answer.ShouldNotBeNull().ShouldContain(refusal);
        }
    }

    [Theory]
    [InlineData("feed_one", true)]
    [InlineData("Feed", false)]
    [InlineData("1feed", false)]
    [InlineData("feed; drop role x", false)]
    [InlineData("feed\"quoted", false)]
    public void A_publisher_role_name_is_a_plain_identifier(string name, bool accepted) =>
        (PublisherRoles.Refusal(name) is null).ShouldBe(accepted);

    [Fact]
    public void The_publisher_role_may_insert_into_the_queue_and_is_granted_nothing_on_the_event_store()
    {
        var statements = PublisherRoles.Statements("feed_one", "secret");

        statements.ShouldContain(s => s.Contains("NOSUPERUSER", StringComparison.Ordinal));
        statements.ShouldContain("GRANT INSERT ON wolverine_queues.wolverine_queue_engagements, wolverine_queues.wolverine_queue_engagements_scheduled TO feed_one");
        statements.ShouldNotContain(s => s.Contains($"{RelationsTrackerStore.Schema}.", StringComparison.Ordinal) || s.Contains("SELECT", StringComparison.Ordinal));
    }

    [Fact]
    public void The_subscriber_role_may_take_from_its_own_queue_only()
    {
        var statements = SubscriberRoles.Statements("my_analytics", "secret");

        statements.ShouldContain(s => s.Contains("NOSUPERUSER", StringComparison.Ordinal));
        statements.ShouldContain("GRANT SELECT, INSERT, UPDATE, DELETE ON wolverine_queues.wolverine_queue_my_analytics, wolverine_queues.wolverine_queue_my_analytics_scheduled TO my_analytics");
        statements.ShouldNotContain(s => s.Contains($"{RelationsTrackerStore.Schema}.", StringComparison.Ordinal) || s.Contains("engagements", StringComparison.Ordinal));
    }
}
