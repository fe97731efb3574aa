using System.Text;
using RelationsTracker.Alerts;
using RelationsTracker.Contracts;
using RelationsTracker.Engagements;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Alerts;

public sealed class WatchTests
{
    private static readonly Webhook Hook = new("https://hooks.example.org/", "0123456789abcdef");

    private static ChannelStatusChanged Change(string relationship = "CHN-USA", string channel = "military", string to = "stalled") =>
        new(Guid.NewGuid(), relationship, channel, "open", to, "2023-06", "reason", [], "recorded", new DateOnly(2023, 7, 13), DateTimeOffset.UnixEpoch, null);

    private static Watch Valid(WatchRequest request) =>
        WatchRequests.Validate(request with { Webhook = new WebhookRequest { Url = Hook.Url, Secret = Hook.Secret } }, Guid.NewGuid(), DateTimeOffset.UnixEpoch)
            .Watch.ShouldNotBeNull();

    [Theory]
    [InlineData("my_analytics", true)]
    [InlineData("analytics_2", true)]
    [InlineData("a_queue_of_thirty_seven_characters_xy", true)]
    [InlineData("a_queue_of_thirty_eight_characters_xyz", false)]
    [InlineData("My_Analytics", false)]
    [InlineData("my-analytics", false)]
    [InlineData("2analytics", false)]
    [InlineData("my_analytics; drop table x", false)]
    [InlineData("", false)]
    [InlineData("engagements", false)]
    public void A_queue_is_a_plain_name_short_enough_for_its_tables_and_not_the_intake_queue(string queue, bool accepted)
    {
        var (watch, problems) = WatchRequests.Validate(new WatchRequest { Queue = queue }, Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        (watch?.Queue).ShouldBe(accepted ? queue : null);
        problems.Keys.ShouldBe(accepted ? [] : ["queue"]);
        SubscriberQueues.Tables(queue).ShouldAllBe(table => !accepted || table.Length <= 63);
    }

    [Fact]
    public void A_watch_needs_a_webhook_or_a_queue_and_may_have_both()
    {
        WatchRequests.Validate(new WatchRequest { Relationship = "USA-CHN" }, Guid.NewGuid(), DateTimeOffset.UnixEpoch).Problems.Keys.ShouldBe(["webhook"]);

        var both = Valid(new WatchRequest { Queue = "my_analytics" });
        both.Webhook.ShouldBe(Hook);
        both.View().Queue.ShouldBe("my_analytics");
    }

    [Fact]
    public void A_watch_with_no_selection_matches_every_change()
    {
        Valid(new WatchRequest()).Matches(Change("FRA-GBR", "climate", "open")).ShouldBeTrue();
    }

    [Fact]
    public void A_relationship_matches_in_either_order()
    {
        var watch = Valid(new WatchRequest { Relationship = "USA-CHN" });

        watch.Relationship.ShouldBe("CHN-USA");
        watch.Matches(Change()).ShouldBeTrue();
        watch.Matches(Change("CHN-JPN")).ShouldBeFalse();
    }

    [Fact]
    public void A_country_matches_either_side_of_a_relationship()
    {
        var watch = Valid(new WatchRequest { Country = "USA" });

        watch.Matches(Change("CHN-USA")).ShouldBeTrue();
        watch.Matches(Change("USA-VNM")).ShouldBeTrue();
        watch.Matches(Change("CHN-JPN")).ShouldBeFalse();
    }

    [Fact]
    public void Channels_and_target_statuses_must_both_match()
    {
        var watch = Valid(new WatchRequest { Channels = ["military", "diplomatic"], Statuses = ["stalled"] });

        watch.Channels.ShouldBe([Channel.Military, Channel.Diplomatic]);
        watch.Matches(Change(channel: "diplomatic")).ShouldBeTrue();
        watch.Matches(Change(channel: "economic")).ShouldBeFalse();
        watch.Matches(Change(to: "open")).ShouldBeFalse();
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body_with_the_secret()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        WebhookSignature.Of(Encoding.UTF8.GetBytes("what do ya want for nothing?"), "Jefe")
            .ShouldBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
