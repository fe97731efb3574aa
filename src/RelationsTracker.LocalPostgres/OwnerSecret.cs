using System.Buffers.Text;
using System.Security.Cryptography;

namespace RelationsTracker.LocalPostgres;

/// <summary>A secret kept in a file that only the OS user who made it can read or write (0600).</summary>
public static class OwnerSecret
{
    /// <summary>The secret in the file, or a new one of 256 random bits (URL-safe base64) written to it first.</summary>
    public static async Task<string> ReadOrCreateAsync(string path, CancellationToken cancellation = default)
    {
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, cancellation)).Trim();
        }

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await WriteAsync(path, secret, cancellation);
        return secret;
    }

    /// <summary>Writes a new file, created with mode 0600 so that it is never readable by others, even for a moment.</summary>
    public static async Task WriteAsync(string path, string secret, CancellationToken cancellation = default)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new StreamWriter(path, options);
        await file.WriteLineAsync(secret.AsMemory(), cancellation);
    }
}
