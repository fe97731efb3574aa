using Marten;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Tables;

namespace RelationsTracker.Imports;

/// <summary>
/// PostgreSQL's statistics of the event tables, gathered at the end of an import, as PostgreSQL advises after any bulk
/// load. The daemon loads a page of events with a statement that asks for the events past the part's progress, in
/// order, a page at most. Planned without statistics of these two tables, PostgreSQL takes that range for a few
/// hundred rows: it reads every event not yet projected and sorts them all, on disk, to keep one page, and does so for
/// every page of each part. With statistics it reads the page along the sequence's index and stops. Autovacuum would
/// gather them too, but only at its next round, after many such pages.
/// </summary>
public static class EventStatistics
{
    /// <summary>
    /// Analyzes the event store's tables when the import added at least a tenth of the events now stored: the share
    /// after which autovacuum itself analyzes a table again. Below it the statistics still describe the tables, whose
    /// row estimates PostgreSQL scales to their current size, and an import of a few rows into a large store does not
    /// wait for an analyze. A role that does not own the tables gets a warning from PostgreSQL, not an error, and the
    /// import goes on as before.
    /// </summary>
    public static async Task GatherAsync(IDocumentStore store, long imported, CancellationToken cancellation)
    {
        var database = store.Storage.Database;
        if (imported == 0 || imported * 10 < await database.FetchHighestEventSequenceNumber(cancellation))
        {
            return;
        }

        // The event store's tables as Marten defines them: the events, the streams, and the daemon's progress.
        var tables = ((IFeatureSchema)store.Options.Events).Objects.OfType<Table>().Select(table => table.Identifier.QualifiedName);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"analyze {string.Join(", ", tables)}";
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
