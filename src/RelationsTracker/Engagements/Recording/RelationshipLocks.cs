namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// In-process turnstiles, one per relationship in use, so that writers of the same relationship in this process wait
/// here (without holding a database connection) rather than in PostgreSQL, and writers of different relationships
/// never wait for each other.
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

    // A turnstile lives while someone holds or awaits it, so that the map stays as small as the relationships in use.
    private readonly Dictionary<string, Turnstile> _turnstiles = new(StringComparer.Ordinal);

    /// <summary>How many relationships are held or awaited now.</summary>
    internal int InUse
    {
        get
        {
            lock (_turnstiles)
            {
                return _turnstiles.Count;
            }
        }
    }

    /// <summary>Enters the turnstiles of all the relationships, in key order so that batches cannot deadlock.</summary>
    public async Task<IAsyncDisposable> EnterAsync(IEnumerable<string> relationshipIds, CancellationToken cancellation)
    {
        var turnstiles = Claim(relationshipIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var entered = 0;
        try
        {
            for (; entered < turnstiles.Length; entered++)
            {
                await turnstiles[entered].Gate.WaitAsync(cancellation);
            }
        }
        catch
        {
            Leave(turnstiles, entered);
            throw;
        }

        return new Entered(this, turnstiles);
    }

    private Turnstile[] Claim(IEnumerable<string> relationshipIds)
    {
        lock (_turnstiles)
        {
            return [.. relationshipIds.Select(id =>
            {
                if (!_turnstiles.TryGetValue(id, out var turnstile))
                {
                    _turnstiles[id] = turnstile = new Turnstile(id);
                }

                turnstile.Users++;
                return turnstile;
            })];
        }
    }

    /// <summary>Opens the first <paramref name="entered"/> gates and gives up the claim on all the turnstiles.</summary>
    private void Leave(Turnstile[] turnstiles, int entered)
    {
        foreach (var turnstile in turnstiles.Take(entered))
        {
            turnstile.Gate.Release();
        }

        lock (_turnstiles)
        {
            foreach (var turnstile in turnstiles)
            {
                turnstile.Users--;
                if (turnstile.Users == 0)
                {
                    _turnstiles.Remove(turnstile.RelationshipId);
                }
            }
        }
    }

    private sealed class Turnstile(string relationshipId)
    {
        public string RelationshipId { get; } = relationshipId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Writers holding or awaiting the gate; changed only under the map's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Entered(RelationshipLocks locks, Turnstile[] turnstiles) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            locks.Leave(turnstiles, turnstiles.Length);
            return ValueTask.CompletedTask;
        }
    }
}
