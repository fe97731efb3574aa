using Marten;
using RelationsTracker.Access;
using RelationsTracker.LocalPostgres;

namespace RelationsTracker.Server;

/// <summary>
/// The embedded default's admin key, so that a fresh install can write at once: made at the first start (or when its
/// file is gone, replacing the key of that name), printed once, and kept in a file only the OS user can read.
/// </summary>
internal sealed class EmbeddedAdminKey(string file, IDocumentStore store, TimeProvider clock) : IHostedService
{
    public const string Name = "embedded-admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(file))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await AccessKeys.RevokeAsync(store, Name, now, cancellationToken);
        var key = await AccessKeys.AddAsync(store, Name, AccessRoles.Admin, now, cancellationToken)
            ?? throw new InvalidOperationException($"The key '{Name}' could not be made.");
        await OwnerSecret.WriteAsync(file, key, cancellationToken);
        await Console.Out.WriteLineAsync(
            $"An admin key was made for this installation; it is shown only this once, and kept in {file} (readable only by you):\n{key}\n" +
            $"Send it as 'Authorization: Bearer <key>', e.g. curl -H \"Authorization: Bearer $(cat {file})\" ...");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
