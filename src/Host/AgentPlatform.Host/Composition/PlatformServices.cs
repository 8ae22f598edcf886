using System.Text.Json;
using System.Text.Json.Serialization;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.BuildingBlocks.Security;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Host.Scheduling;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentPlatform.Host.Composition;

internal static class PlatformServices
{
    /// <summary>The building blocks every module relies on; <paramref name="addModuleJobs"/> calls each module's jobs registration.</summary>
    public static void AddPlatform(this WebApplicationBuilder builder, Action<Quartz.IQuartzBuilder> addModuleJobs)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Platform");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No database is configured. Set ConnectionStrings__Platform (or run ./run.sh, which starts a local PostgreSQL and sets it).");
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(TunedForThroughput(connectionString));
            dataSource.UseVector();
            dataSource.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return dataSource.Build();
        });
        services.AddSingleton<MigrationState>();

        services.AddMediator((MediatorOptions o) =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
        });

        services.AddPlatformProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });

        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));

        // Nothing the platform stores depends on DataProtection, but ASP.NET Core uses it; keep its keys with the app's data.
        services.AddDataProtection()
            .SetApplicationName("AgentPlatform")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(PlatformConfiguration.DataDirectory(configuration, builder.Environment), "data-protection-keys")));

        services.AddPlatformOpenApi();
        services.AddPlatformHealthChecks();
        builder.AddPlatformScheduler(connectionString, addModuleJobs);
        AddHttpLimits(builder);
        AddObservability(builder);

        services.AddDbContext<SchedulerDbContext>(o => o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", SchedulerDbContext.Schema)));
    }

    /// <summary>
    /// Defaults that matter under load, unless the connection string says otherwise: no DISCARD ALL each time a
    /// pooled connection is reused (the platform keeps no session state on connections), which also lets
    /// Npgsql keep hot statements prepared.
    /// </summary>
    internal static string TunedForThroughput(string connectionString)
    {
        // The plain builder knows only the keys actually written (Npgsql's knows every keyword).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 64;
            tuned.AutoPrepareMinUsages = 2;
        }

        return tuned.ConnectionString;
    }

    private static void AddHttpLimits(WebApplicationBuilder builder)
    {
        var maxBody = builder.Configuration.GetValue<long>("Http:MaxRequestBodyBytes", 10 * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);

        // A request runs on the thread-pool thread that received it, and its answer is sent from the thread that
        // writes it, instead of each being queued to another thread: about -0.1 ms per call, -0.4 ms to a stream's
        // first event (bench/llm.sh). "Unsafe" names the risk of code that blocks, holding the thread that would read
        // the connection's next bytes. Here every request path is asynchronous, and socket completions still reach
        // the thread pool from the runtime's event loop (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS stays off), so
        // no request ever runs on that loop. Http:InlineScheduling=false restores Kestrel's default.
        if (builder.Configuration.GetValue("Http:InlineScheduling", true))
        {
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(o => o.AddDefaultPolicy(p =>
        {
            if (origins.Contains("*", StringComparer.Ordinal))
            {
                p.AllowAnyOrigin();
            }
            else
            {
                p.WithOrigins(origins);
            }

            p.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After", "Location");
        }));

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too Many Requests", Detail = "Too many requests from this address; slow down and retry later." },
                });
            };
        });
    }

    private static void AddObservability(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() && builder.Configuration.GetValue("Logging:Json", true))
        {
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        // Off unless an exporter is named: "console" or "otlp" (OTEL_EXPORTER_OTLP_ENDPOINT and friends apply).
        var exporter = builder.Configuration["OpenTelemetry:Exporter"]?.ToLowerInvariant();
        if (exporter is not ("console" or "otlp"))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddNpgsql().AddSource("Quartz");
                _ = exporter == "otlp" ? t.AddOtlpExporter() : t.AddConsoleExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter("Npgsql");
                _ = exporter == "otlp" ? m.AddOtlpExporter() : m.AddConsoleExporter();
            });
    }
}
