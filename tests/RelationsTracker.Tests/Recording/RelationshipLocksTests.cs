using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

public sealed class RelationshipLocksTests
{
    private static string[] Relationships(string counterpart, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{counterpart}{i:000}-USA")];

    [Fact]
    public async Task Writers_of_different_relationships_never_wait_for_each_other_however_many_they_hold()
    {
        var locks = new RelationshipLocks();
        await using var holding = await locks.EnterAsync(Relationships("A", 500), CancellationToken.None);

        var other = locks.EnterAsync(Relationships("B", 500), CancellationToken.None);

        other.IsCompletedSuccessfully.ShouldBeTrue();
        await (await other).DisposeAsync();
    }

    [Fact]
    public async Task A_writer_of_a_held_relationship_waits_until_its_holder_leaves()
    {
        var locks = new RelationshipLocks();
        var holding = await locks.EnterAsync(["CHN-USA", "RUS-USA"], CancellationToken.None);

        // A free turnstile is entered at once (synchronously): a writer that did not wait would be done already.
        var waiting = locks.EnterAsync(["RUS-USA", "IND-USA"], CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse();

        await holding.DisposeAsync();
        await using var entered = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        locks.InUse.ShouldBe(2);
    }

    [Fact]
    public async Task A_relationship_is_forgotten_once_nobody_holds_or_awaits_it_even_after_a_cancelled_wait()
    {
        var locks = new RelationshipLocks();
        var holding = await locks.EnterAsync(["CHN-USA"], CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = locks.EnterAsync(["CHN-USA", "JPN-USA"], cancel.Token);
        var waiting = locks.EnterAsync(["CHN-USA"], CancellationToken.None);
        locks.InUse.ShouldBe(2);

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(cancelled);
        await holding.DisposeAsync();
        await (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).DisposeAsync();

        locks.InUse.ShouldBe(0);
        await using var again = await locks.EnterAsync(["JPN-USA", "CHN-USA"], CancellationToken.None);
        locks.InUse.ShouldBe(2);
    }
}
