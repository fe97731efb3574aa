using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace RelationsTracker.Access;

/// <summary>
/// An API key as stored: its public id, a name people know it by, its role, and the SHA-256 of the key. The key itself
/// is shown once, when it is made, and is stored nowhere.
/// </summary>
public sealed record AccessKey
{
    /// <summary>The key's public part, written in the key itself (<c>rt_{Id}_{secret}</c>), by which it is found.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Role { get; init; }

    /// <summary>SHA-256 of the whole key, in hexadecimal.</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;

    private const string Prefix = "rt_";
    private const int IdLength = 12;

    /// <summary>Makes a key of 256 random bits: the record to store, and the key to give its holder once.</summary>
    public static (AccessKey Record, string Key) Create(string name, string role, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var key = $"{Prefix}{id}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        return (new AccessKey { Id = id, Name = name, Role = role, Hash = Convert.ToHexStringLower(HashOf(key)), CreatedAt = now }, key);
    }

    /// <summary>The id a presented key names, if it has the shape of one of ours.</summary>
    public static string? IdOf(string presented) =>
        presented.Length > Prefix.Length + IdLength + 1
        && presented.StartsWith(Prefix, StringComparison.Ordinal)
        && presented[Prefix.Length + IdLength] == '_'
            ? presented.Substring(Prefix.Length, IdLength)
            : null;

    /// <summary>Whether the presented key is this one, compared in constant time.</summary>
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(HashOf(presented), Convert.FromHexString(Hash));

    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
