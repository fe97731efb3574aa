using System.IO.Hashing;
using System.Text;
using JasperFx.Events.Projections;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// One of the parts the state is projected in. The relationships are divided among the parts by a hash of their key;
/// each part is a shard of Marten's daemon of its own, with its own progress and lock, so that the parts project side
/// by side, in one server or spread over several, and each relationship's events are applied by exactly one part.
/// </summary>
public sealed record StatePart(int Index, int Count)
{
    /// <summary>
    /// How many parts the state is projected in. Two keep both cores of a small machine busy while the intake runs;
    /// changing the number moves relationships between parts, which then project them again from the first event.
    /// </summary>
    public const int Parts = 2;

    /// <summary>The parts of this release.</summary>
    public static IReadOnlyList<StatePart> All { get; } = Divided(Parts);

    /// <summary>The projection's name in Marten; with one part, the name a release that projected in one part used.</summary>
    public string Name => Count == 1 ? RelationshipStateProjection.Name : $"{RelationshipStateProjection.Name}{Index + 1}of{Count}";

    /// <summary>The daemon's record of how far the part has projected.</summary>
    public ShardName Shard => new(Name);

    public bool Holds(string relationshipId) =>
        XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(relationshipId)) % (uint)Count == Index;

    internal static IReadOnlyList<StatePart> Divided(int count) => [.. Enumerable.Range(0, count).Select(index => new StatePart(index, count))];
}
