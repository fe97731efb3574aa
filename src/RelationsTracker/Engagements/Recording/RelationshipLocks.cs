namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// In-process turnstiles, one per stripe of relationships, so that writers of the same relationship in this
/// process wait here (without holding a database connection) rather than in PostgreSQL.
/// </summary>
public sealed class RelationshipLocks
{
    /// <summary>
    /// SQL that takes the transaction-scoped advisory lock of every relationship in the text array
    /// <paramref name="keysParameter"/>, in key order: every writer of relationships, in any process, takes the same
    /// locks the same way, so that they serialise and cannot deadlock.
    /// </summary>
    public static string AdvisoryLockSql(string keysParameter) =>
        $"select count(*)::int from (select k from unnest({keysParameter}::text[]) k order by k) s, lateral (select pg_advisory_xact_lock(hashtext('relationship:' || s.k))) l";

    private const int Stripes = 256;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>The turnstile a relationship shares with others: writers of different stripes never wait for each other here.</summary>
    public static int StripeOf(string relationshipId) => (int)((uint)StringComparer.Ordinal.GetHashCode(relationshipId) % Stripes);

    /// <summary>Enters the stripes of all the relationships, in a fixed order so that batches cannot deadlock.</summary>
    public async Task<IAsyncDisposable> EnterAsync(IEnumerable<string> relationshipIds, CancellationToken cancellation)
    {
        var stripes = relationshipIds
            .Select(StripeOf)
            .Distinct()
            .Order()
            .ToArray();
        var entered = new List<SemaphoreSlim>(stripes.Length);
        try
        {
            foreach (var stripe in stripes)
            {
                await _stripes[stripe].WaitAsync(cancellation);
                entered.Add(_stripes[stripe]);
            }
        }
        catch
        {
            Release(entered);
            throw;
        }

        return new Entered(entered);
    }

    private static void Release(List<SemaphoreSlim> entered)
    {
        foreach (var stripe in entered)
        {
            stripe.Release();
        }
    }

    private sealed class Entered(List<SemaphoreSlim> entered) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Release(entered);
            return ValueTask.CompletedTask;
        }
    }
}
