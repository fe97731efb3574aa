namespace RelationsTracker.LocalPostgres;

/// <summary>No PostgreSQL could be started here; the message says what to install or configure.</summary>
public sealed class PostgresUnavailableException : Exception
{
    public PostgresUnavailableException(string message)
        : base(message)
    {
    }

    public PostgresUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PostgresUnavailableException()
    {
    }
}
