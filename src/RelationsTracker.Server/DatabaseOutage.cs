using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using RelationsTracker;

namespace RelationsTracker.Server;

/// <summary>
/// Notices when the database cannot be reached, says so once in the log, and watches for it to come back, saying that
/// too: an outage is two lines in the log, not a stack trace per request.
/// </summary>
internal sealed class DatabaseOutage(TrackerDatabase database, ILogger<DatabaseOutage> logger)
{
    /// <summary>How long a client is told to wait, and how often the database is tried meanwhile.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>Whether the exception, or one it wraps, says the database is out of reach rather than the request wrong.</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => true,
        PostgresException => false,
        NpgsqlException { IsTransient: true } or SocketException => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    public void Report(Exception exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 1)
        {
            return;
        }

        logger.LogWarning(
            "The database cannot be reached ({Reason}); requests that need it are answered 503 until it is back.",
            exception.GetBaseException().Message);
        _ = WatchForRecoveryAsync();
    }

    private async Task WatchForRecoveryAsync()
    {
        var since = Stopwatch.GetTimestamp();
        while (true)
        {
            await Task.Delay(RetryAfter);
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync();
                break;
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                // Still down; the warning already said so.
            }
        }

        Volatile.Write(ref _down, 0);
        logger.LogInformation("The database is reachable again, after about {Seconds:0} s.", Stopwatch.GetElapsedTime(since).TotalSeconds);
    }
}

/// <summary>Answers a request that failed for want of the database with 503 problem details and Retry-After.</summary>
internal sealed class DatabaseOutageHandler(DatabaseOutage outage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsUnreachable(exception))
        {
            return false;
        }

        outage.Report(exception);
        httpContext.Response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The tracker's database is unavailable.",
                detail: $"The request was not carried out; try again in {DatabaseOutage.RetryAfter.TotalSeconds:0} seconds.")
            .ExecuteAsync(httpContext);
        return true;
    }
}
