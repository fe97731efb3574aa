using Marten;
using Marten.Exceptions;
using Marten.Storage;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace RelationsTracker.Relationships.Projection;

/// <summary>
/// The tables <see cref="RelationshipStateProjection"/> keeps, in the event store's schema, managed by Marten's
/// schema migrations: the engagements in force, each channel's status steps, and a row per relationship.
/// </summary>
public static class ProjectedTables
{
    public const string EngagementTable = RelationsTrackerStore.Schema + ".engagement_in_force";
    public const string StepTable = RelationsTrackerStore.Schema + "." + StepTableName;
    private const string StepTableName = "channel_step";
    public const string RelationshipTable = RelationsTrackerStore.Schema + ".relationship_overview";

    /// <summary>
    /// The changes the projection announced, as it announced them. Not part of the state: a change depends on the day
    /// and the order the events arrived in, which the events alone do not tell, so a rebuild keeps this log as it is.
    /// </summary>
    public const string ChangeTable = RelationsTrackerStore.Schema + ".channel_change";

    /// <summary>
    /// How far the latest rebuild replays: the changes the projection finds again in the events up to this sequence
    /// are not news, and are not announced.
    /// </summary>
    public const string ReplayTable = RelationsTrackerStore.Schema + ".state_replay";

    /// <summary>Every table of the state, in the order a rebuild empties them.</summary>
    public static readonly string[] All = [EngagementTable, StepTable, RelationshipTable];

    public static IEnumerable<Table> Define()
    {
        var engagements = new Table(new PostgresqlObjectName(RelationsTrackerStore.Schema, "engagement_in_force", SchemaUtils.IdentifierUsage.General));
        engagements.AddColumn("source_id", "varchar").AsPrimaryKey();
        engagements.AddColumn("relationship_id", "varchar").NotNull();
        engagements.AddColumn("channel", "integer").NotNull();
        engagements.AddColumn("kind", "integer").NotNull();
        engagements.AddColumn("signal", "integer").NotNull();
        engagements.AddColumn("known_from", "date").NotNull();
        engagements.AddColumn("known_precision", "integer").NotNull();
        engagements.AddColumn("occurred_start", "date").NotNull();
        engagements.AddColumn("occurred_precision", "integer").NotNull();
        engagements.AddColumn("occurred_end", "date").NotNull();
        engagements.AddColumn("related_channels", "integer").NotNull();
        engagements.AddColumn("goldstein", "numeric");
        engagements.AddColumn("quad_class", "integer");
        engagements.AddColumn("data", "jsonb").NotNull();
        engagements.Indexes.Add(new IndexDefinition("ix_engagement_in_force_known") { Columns = ["relationship_id", "known_from"] });
        engagements.Indexes.Add(new IndexDefinition("ix_engagement_in_force_channel") { Columns = ["relationship_id", "channel", "known_from"] });

        // Planned engagements are few: the upcoming one of a channel is found without reading the channel's others.
        engagements.Indexes.Add(new IndexDefinition("ix_engagement_in_force_planned")
        {
            Columns = ["relationship_id", "channel", "occurred_start"],
            Predicate = $"kind = {(int)Engagements.EngagementKind.Planned}",
        });

        // Most engagements matter to no other channel: related contacts are looked for among the others only.
        engagements.Indexes.Add(new IndexDefinition("ix_engagement_in_force_related")
        {
            Columns = ["relationship_id", "known_from"],
            Predicate = "related_channels <> 0",
        });
        yield return engagements;

        var steps = new Table(new PostgresqlObjectName(RelationsTrackerStore.Schema, StepTableName, SchemaUtils.IdentifierUsage.General));
        steps.AddColumn("relationship_id", "varchar").AsPrimaryKey();
        steps.AddColumn("channel", "integer").AsPrimaryKey();
        steps.AddColumn("idx", "bigint").AsPrimaryKey();
        steps.AddColumn("emitted_on", "date");
        steps.AddColumn("emitted_by", "varchar");
        steps.AddColumn("from_day", "date").NotNull();
        steps.AddColumn("next_from", "date");
        steps.AddColumn("status", "integer").NotNull();
        steps.AddColumn("since_day", "date").NotNull();
        steps.AddColumn("since", "varchar").NotNull();
        steps.AddColumn("extends", "boolean").NotNull();
        steps.AddColumn("fingerprint", "bigint");
        steps.AddColumn("reason", "varchar").NotNull();
        // The engagements that decided the step, by sourceId: they are in force, and read from there with the step.
        steps.AddColumn("decided_by", "varchar[]").NotNull();
        // The step in force on a day is a channel's latest from that day or before (steps follow each other by day).
        steps.Indexes.Add(new IndexDefinition("ix_channel_step_day") { Columns = ["relationship_id", "channel", "from_day", "idx"] });

        // The listing reads the steps in force: today, nearly all are each channel's latest (no next step yet), read
        // from this index alone; on a day in the past, also those whose next step came after it.
        steps.Indexes.Add(new IndexDefinition("ix_channel_step_current")
        {
            Columns = ["relationship_id", "channel", "status", "since_day", "from_day"],
            Predicate = "next_from is null",
        });
        // A refold resumes after the last step emitted before a day, and looks up the step a given engagement emitted.
        steps.Indexes.Add(new IndexDefinition("ix_channel_step_emitted") { Columns = ["relationship_id", "channel", "emitted_on", "idx"] });
        steps.Indexes.Add(new IndexDefinition("ix_channel_step_emitted_by") { Columns = ["relationship_id", "channel", "emitted_by", "idx"] });
        steps.Indexes.Add(new IndexDefinition("ix_channel_step_next") { Columns = ["next_from"], Predicate = "next_from is not null" });
        yield return steps;

        var relationships = new Table(new PostgresqlObjectName(RelationsTrackerStore.Schema, "relationship_overview", SchemaUtils.IdentifierUsage.General));
        relationships.AddColumn("relationship_id", "varchar").AsPrimaryKey();
        relationships.AddColumn("country_a", "varchar").NotNull();
        relationships.AddColumn("country_b", "varchar").NotNull();
        relationships.AddColumn("first_known", "date").NotNull();
        relationships.AddColumn("engagements", "integer").NotNull();
        relationships.Indexes.Add(new IndexDefinition("ix_relationship_overview_a") { Columns = ["country_a"] });
        relationships.Indexes.Add(new IndexDefinition("ix_relationship_overview_b") { Columns = ["country_b"] });
        yield return relationships;

        var changes = new Table(new PostgresqlObjectName(RelationsTrackerStore.Schema, "channel_change", SchemaUtils.IdentifierUsage.General));
        changes.AddColumn("change_id", "uuid").AsPrimaryKey();
        changes.AddColumn("seq", "bigserial").NotNull();
        changes.AddColumn("recorded_at", "timestamptz").NotNull();
        changes.AddColumn("as_of", "date").NotNull();
        changes.AddColumn("relationship_id", "varchar").NotNull();
        changes.AddColumn("channel", "varchar").NotNull();
        changes.AddColumn("cause", "varchar").NotNull();
        changes.AddColumn("change", "jsonb").NotNull();
        changes.AddColumn("published", "boolean").NotNull();
        // The feed reads the latest changes first, of everything or of a relationship.
        changes.Indexes.Add(new IndexDefinition("ix_channel_change_seq") { Columns = ["seq"] });
        // The relay looks for the few changes a process without Wolverine recorded and could not publish.
        changes.Indexes.Add(new IndexDefinition("ix_channel_change_unpublished") { Columns = ["seq"], Predicate = "not published" });
        changes.Indexes.Add(new IndexDefinition("ix_channel_change_relationship") { Columns = ["relationship_id", "seq"] });
        yield return changes;

        var replay = new Table(new PostgresqlObjectName(RelationsTrackerStore.Schema, "state_replay", SchemaUtils.IdentifierUsage.General));
        replay.AddColumn("id", "integer").AsPrimaryKey();
        replay.AddColumn("through", "bigint").NotNull();
        yield return replay;
    }

    /// <summary>
    /// The <see cref="Channels.StatusInterval"/> a row of <see cref="StepTable"/> (alias <paramref name="step"/>) holds,
    /// as JSON, its deciding engagements read from <see cref="EngagementTable"/> in their order.
    /// </summary>
    public static string IntervalJson(string step) =>
        $"json_build_object('status', {step}.status, 'since', {step}.since, 'reason', {step}.reason, 'decidedBy', " +
        $"(select json_agg(d.data order by i.n) from unnest({step}.decided_by) with ordinality as i(source_id, n) " +
        $"join {EngagementTable} d on d.source_id = i.source_id))";

    private const int MaxAttempts = 5;

    /// <summary>Creates or migrates the tables when this process has not yet made sure of them (once per process).</summary>
    public static async Task EnsureAsync(IQuerySession session, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.Database.EnsureStorageExistsAsync(typeof(StorageFeatures), cancellation);
                return;
            }
            catch (MartenSchemaException e) when (attempt < MaxAttempts && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.DuplicateTable })
            {
                // Another process, or another part of this one, created some of them between Marten's look at the
                // schema and its DDL (Marten takes no lock for this): look again, and make what is still missing.
            }
            catch (SchemaMigrationException) when (attempt < MaxAttempts)
            {
                // The steps may be stored as an earlier release stored them, which Marten's migrations cannot turn into
                // this layout: once they are, Marten finds the tables as it expects them.
                if (!await UpgradeStepsAsync(session, cancellation))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Brings the steps of a release that stored each step's interval as JSON, its deciding engagements in full, to
    /// this layout, in place: the reason and the sourceIds come out of the JSON. Their fingerprints are cleared, since
    /// they were taken of the JSON; a refold meets no stored step without one, and rewrites the rest of the channel
    /// the first time it passes, as a rebuild would have. True when the steps are in this layout now.
    /// </summary>
    internal static async Task<bool> UpgradeStepsAsync(IQuerySession session, CancellationToken cancellation)
    {
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            select count(*) from information_schema.columns
            where table_schema = '{RelationsTrackerStore.Schema}' and table_name = '{StepTableName}' and column_name = 'step'
            """;
        async Task<bool> EarlierLayoutAsync() => (long)(await command.ExecuteScalarAsync(cancellation))! > 0;
        if (!await EarlierLayoutAsync())
        {
            return false;
        }

        // Looked at again under the table's lock: of two processes upgrading at once, the second finds it done.
        await using (var lockTable = new NpgsqlCommand($"lock table {StepTable} in access exclusive mode", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(cancellation);
        }

        if (!await EarlierLayoutAsync())
        {
            return true;
        }

        command.CommandText = $"""
            alter table {StepTable} add column reason varchar, add column decided_by varchar[];
            update {StepTable} set fingerprint = null, reason = step ->> 'reason',
              decided_by = array(select d.engagement ->> 'sourceId' from jsonb_array_elements(step -> 'decidedBy') with ordinality as d(engagement, n) order by d.n);
            alter table {StepTable} alter column reason set not null, alter column decided_by set not null, drop column step;
            """;
        await command.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return true;
    }
}
