namespace AgentPlatform.Host.Scheduling;

/// <summary>
/// The job-store DDL is the one the referenced Quartz version ships for PostgreSQL (an embedded,
/// idempotent script), rendered for our schema, so the tables always match the library that uses them.
/// </summary>
internal static class QuartzSchema
{
    public const string TablePrefix = SchedulerDbContext.Schema + ".qrtz_";
    private const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    private static readonly string[] Tables =
    [
        "fired_triggers", "paused_trigger_grps", "paused_job_grps", "scheduler_state", "locks", "simprop_triggers", "simple_triggers",
        "cron_triggers", "blob_triggers", "triggers", "job_details", "calendars", "execution_history", "misfire_history", "job_status",
    ];

    public static string CreateScript()
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Quartz does not ship '{ResourceName}'; the scheduler migration needs updating for this Quartz version.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Replace("{0}", TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", "qrtz_", StringComparison.Ordinal)
            .Replace("--;;", "", StringComparison.Ordinal);
    }

    public static string LockRowsScript(string schedulerName) =>
        $"""
        INSERT INTO {TablePrefix}locks (sched_name, lock_name)
        VALUES ('{schedulerName}', 'TRIGGER_ACCESS'), ('{schedulerName}', 'STATE_ACCESS')
        ON CONFLICT DO NOTHING;
        """;

    public static string DropScript() => "DROP TABLE IF EXISTS " + string.Join(", ", Tables.Select(t => TablePrefix + t)) + ";";
}
