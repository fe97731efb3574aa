using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RelationsTracker.IntegrationTests.Support;

/// <summary>
/// A TCP relay between the server and PostgreSQL that a test cuts and restores, as a network failure or a stopped
/// database would, without stopping the PostgreSQL the other tests share.
/// </summary>
public sealed class DatabaseRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint _database;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _cut;

    public DatabaseRelay(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _database = new DnsEndPoint(builder.Host!, builder.Port);
        _listener.Start();
        builder.Host = "127.0.0.1";
        builder.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = builder.ConnectionString;
        _ = AcceptAsync();
    }

    /// <summary>The database's connection string through the relay.</summary>
    public string ConnectionString { get; }

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_cut)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var database = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(database);
        }

        try
        {
            await database.ConnectAsync(_database.Host, _database.Port, _stop.Token);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(database.GetStream(), _stop.Token),
                database.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The relay was cut or stopped: the connection ends, as it would in an outage.
        }
        finally
        {
            client.Dispose();
            database.Dispose();
        }
    }
}
