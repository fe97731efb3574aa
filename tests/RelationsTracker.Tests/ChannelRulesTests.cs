using RelationsTracker.Engagements;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

public sealed class ChannelRulesTests
{
    [Theory]
    [InlineData(Sector.Military, Sector.Defense, Channel.Military)]
    [InlineData(Sector.Defense, Sector.Defense, Channel.Military)]
    [InlineData(Sector.Executive, Sector.Executive, Channel.Leaders)]
    [InlineData(Sector.Economic, Sector.Economic, Channel.Economic)]
    [InlineData(Sector.Climate, Sector.Climate, Channel.Climate)]
    [InlineData(Sector.Legislative, Sector.Legislative, Channel.Legislative)]
    [InlineData(Sector.Diplomatic, Sector.Defense, Channel.Diplomatic)]
    [InlineData(Sector.Economic, Sector.Climate, Channel.Diplomatic)]
    [InlineData(Sector.Other, Sector.Other, Channel.Diplomatic)]
    public void The_channel_follows_from_both_sectors_and_mixed_contact_is_diplomatic(Sector initiator, Sector counterpart, Channel expected) =>
        ChannelRules.Derive(initiator, counterpart).ShouldBe(expected);

    [Fact]
    public void A_diplomat_meeting_a_defense_official_is_a_related_contact_of_the_military_channel()
    {
        var meeting = Build.Engagement(EngagementKind.Meeting, "2023-07-12", channel: Channel.Diplomatic) with
        {
            Initiator = new Party("CHN", "Xie Feng", "Ambassador", Sector.Diplomatic),
            Counterpart = new Party("USA", "Ely Ratner", "Assistant Secretary of Defense", Sector.Defense),
        };

        ChannelRules.IsRelatedContact(meeting, Channel.Military).ShouldBeTrue();
        ChannelRules.IsRelatedContact(meeting, Channel.Diplomatic).ShouldBeFalse();
        ChannelRules.IsRelatedContact(meeting, Channel.Economic).ShouldBeFalse();
    }
}
