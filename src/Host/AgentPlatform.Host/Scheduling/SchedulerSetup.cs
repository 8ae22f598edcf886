using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.BuildingBlocks.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Quartz;

namespace AgentPlatform.Host.Scheduling;

internal static class SchedulerSetup
{
    public const string DefaultSchedulerName = "AgentPlatform";

    /// <summary>
    /// Quartz on its PostgreSQL job store, clustered: every Host runs a scheduler instance and the
    /// store's row locks make each trigger fire on exactly one of them.
    /// </summary>
    public static void AddPlatformScheduler(this WebApplicationBuilder builder, string connectionString, Action<IQuartzBuilder> addModuleJobs)
    {
        var configuration = builder.Configuration;
        var schedulerName = configuration["Quartz:SchedulerName"] ?? DefaultSchedulerName;
        var outbox = configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions();

        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = schedulerName;
                o.GenerateInstanceId = true;

                // A stopping Host asks running jobs to stop (their cancellation token), then waits for them to unwind.
                o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultThreadPool(tp => tp.MaxConcurrency = configuration.GetValue("Quartz:MaxConcurrency", 4));
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(o => o.TablePrefix = SchedulerDbContext.Schema + ".qrtz_");
                store.UseSystemTextJsonSerializer();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(10);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
            });

            q.AddJob<OutboxDispatchJob>(j => j.WithIdentity(OutboxDispatchJob.Key).StoreDurably().WithDescription("Delivers every module's outbox"));
            q.AddTrigger(t => t
                .ForJob(OutboxDispatchJob.Key)
                .WithIdentity("outbox-dispatch", "platform")
                .WithSimpleSchedule(s => s.WithInterval(outbox.PollInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            addModuleJobs(q);
        });
        builder.Services.AddScoped<IStartupSeeder, SchedulerLockSeeder>();
        builder.Services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
    }

}

/// <summary>Seeds the store's lock rows for the configured scheduler name (the migration seeds the default one).</summary>
internal sealed class SchedulerLockSeeder(NpgsqlDataSource dataSource, IConfiguration configuration) : IStartupSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO quartz.qrtz_locks (sched_name, lock_name) VALUES ($1, 'TRIGGER_ACCESS'), ($1, 'STATE_ACCESS') ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = configuration["Quartz:SchedulerName"] ?? SchedulerSetup.DefaultSchedulerName });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Ready when this Host's scheduler instance is started and not in standby.</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"Scheduler {await scheduler.GetSchedulerInstanceId(cancellationToken)} is running.")
            : HealthCheckResult.Unhealthy($"The scheduler is {status.ToString().ToLowerInvariant()}.");
    }
}
