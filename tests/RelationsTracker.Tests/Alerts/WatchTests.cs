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
