using Marten;

namespace RelationsTracker.Access;

/// <summary>Making, listing and revoking keys: what <c>relations keys</c> does, and the embedded default's first start.</summary>
public static class AccessKeys
{
    public const int MaxNameLength = 100;

    /// <summary>Why a name or role cannot be used for a new key, or null when they can.</summary>
    public static string? Refusal(string name, string role)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return $"'{name}' is not a key name: give 1 to {MaxNameLength} printable characters.";
        }

        return AccessRoles.IsRole(role) ? null : $"'{role}' is not a role: use {string.Join(", ", AccessRoles.All)}.";
    }

    /// <summary>Stores a new key under a name no active key has, and returns the key (the only time it is seen).</summary>
    public static async Task<string?> AddAsync(IDocumentStore store, string name, string role, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        if (await session.Query<AccessKey>().AnyAsync(k => k.Name == name && k.RevokedAt == null, cancellation))
        {
            return null;
        }

        var (record, key) = AccessKey.Create(name, role, now);
        session.Store(record);
        await session.SaveChangesAsync(cancellation);
        return key;
    }

    public static async Task<IReadOnlyList<AccessKey>> ListAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.Query<AccessKey>().OrderBy(k => k.Name).ThenBy(k => k.CreatedAt).ToListAsync(cancellation);
    }

    /// <summary>Revokes the active key of that name; false when there is none. The record stays, for the list.</summary>
    public static async Task<bool> RevokeAsync(IDocumentStore store, string name, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var active = await session.Query<AccessKey>().Where(k => k.Name == name && k.RevokedAt == null).ToListAsync(cancellation);
        foreach (var key in active)
        {
            session.Store(key with { RevokedAt = now });
        }

        await session.SaveChangesAsync(cancellation);
        return active.Count > 0;
    }
}
