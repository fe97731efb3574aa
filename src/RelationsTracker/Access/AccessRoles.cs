namespace RelationsTracker.Access;

/// <summary>What a key (or an identity provider's token) may do: read, write engagements, or administer the tracker.</summary>
public static class AccessRoles
{
    /// <summary>Reads the relationships, engagements and dashboard.</summary>
    public const string Reader = "reader";

    /// <summary>Records, corrects, retracts and submits engagements, and reads.</summary>
    public const string Writer = "writer";

    /// <summary>Replays and discards dead letters, manages keys, rebuilds; and writes and reads.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Writer, Admin];

    public static bool IsRole(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>The authorization policies the endpoints require, by what they do.</summary>
public static class AccessPolicies
{
    public const string Read = "read";

    public const string Write = "write";

    public const string Administer = "administer";
}
