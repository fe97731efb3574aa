using RelationsTracker.Relationships;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests;

public sealed class HeldBudgetTests
{
    [Fact]
    public void Within_the_budget_nothing_is_let_go() =>
        HeldBudget.ToRelease([("CHN-USA", 1, 600), ("RUS-USA", 2, 400)], budget: 1_000).ShouldBeEmpty();

    [Fact]
    public void Over_the_budget_the_least_recently_asked_about_go_first_down_to_three_quarters_of_it() =>
        HeldBudget.ToRelease(
                [("CHN-USA", 5, 400), ("FRA-USA", 1, 300), ("RUS-USA", 3, 200), ("IND-USA", 2, 200)],
                budget: 1_000)
            .ShouldBe(["FRA-USA", "IND-USA"]);

    [Fact]
    public void The_relationship_asked_about_last_stays_even_alone_over_the_budget() =>
        HeldBudget.ToRelease([("CHN-USA", 7, 5_000), ("FRA-USA", 1, 10)], budget: 1_000).ShouldBe(["FRA-USA"]);
}
