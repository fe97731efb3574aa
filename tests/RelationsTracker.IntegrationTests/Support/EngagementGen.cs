using CsCheck;
using RelationsTracker.Contracts;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>Random but valid US-China engagements of every status-moving and evidence kind, with imprecise dates.</summary>
public static class EngagementGen
{
    private static readonly string[] Kinds =
        ["meeting", "visit", "call", "rebuff", "suspension", "restoration", "statement", "outreach", "sanction", "planned", "assessment"];

    private static readonly string[] Sectors = ["defense", "military", "diplomatic", "economic"];

    private static readonly string[] Assessed = ["open", "stalled", "suspended", "resuming"];

    private static readonly DateOnly First = new(2020, 1, 1);

    private static readonly Gen<string> Date =
        Gen.Select(Gen.Int[0, 5 * 365], Gen.Int[0, 9], (offset, precision) =>
        {
            var day = First.AddDays(offset);
            return precision switch
            {
                0 => day.ToString("yyyy", null),
                <= 2 => day.ToString("yyyy-MM", null),
                _ => day.ToString("yyyy-MM-dd", null),
            };
        });

    private static readonly Gen<RecordEngagement> One = Between("USA", "CHN");

    /// <summary>One engagement between <paramref name="a"/> and <paramref name="b"/>, either of them initiating.</summary>
    public static Gen<RecordEngagement> Between(string a, string b) =>
        Gen.Select(Gen.OneOf(Kinds), Gen.OneOf(Sectors), Gen.OneOf(Sectors), Date, Gen.OneOf(Assessed), Gen.Bool)
            .Select(t => new RecordEngagement
            {
                Kind = t.Item1,
                OccurredOn = t.Item4,
                Initiator = new Participant { Country = t.Item6 ? a : b, Sector = t.Item2 },
                Counterpart = new Participant { Country = t.Item6 ? b : a, Sector = t.Item3 },
                AssessedStatus = t.Item1 == "assessment" ? t.Item5 : null,
                Channel = t.Item1 == "assessment" ? "military" : null,
                Stance = t.Item1 == "statement" ? "critical" : null,
            });

    /// <summary>Between 1 and <paramref name="most"/> engagements with distinct sourceIds.</summary>
    public static Gen<RecordEngagement[]> Relationship(int most = 14) =>
        One.Array[1, most].Select(all => all.Select((e, i) => e with { SourceId = $"gen-{i:00}" }).ToArray());

    /// <summary>A relationship and a shuffled copy of it.</summary>
    public static Gen<(RecordEngagement[] InOrder, RecordEngagement[] Shuffled)> RelationshipAndPermutation(int most = 14) =>
        Relationship(most).SelectMany(all => Gen.Shuffle(all.ToArray()).Select(shuffled => (all, shuffled)));
}
