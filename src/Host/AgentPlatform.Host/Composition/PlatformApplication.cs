using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.BuildingBlocks.Security;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Host.Scheduling;
using Microsoft.AspNetCore.HttpOverrides;
using Scalar.AspNetCore;

namespace AgentPlatform.Host.Composition;

internal static class PlatformApplication
{
    /// <summary>Applies every module's migrations (and the scheduler's) under the advisory lock, then seeds.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            app.Services.GetRequiredService<MigrationState>().MarkCompleted();
            return;
        }

        await DatabaseMigrator.MigrateAsync(app.Services, [typeof(SchedulerDbContext)], app.Lifetime.ApplicationStopping);
    }

    public static void UsePlatform(this WebApplication app)
    {
        UseForwardedHeadersWhenBehindAProxy(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var maxBody = app.Configuration.GetValue<long>("Http:MaxRequestBodyBytes", 10 * 1024 * 1024);
        app.Use((context, next) =>
        {
            // Kestrel enforces the limit while reading; this answers early (and under the test server too).
            if (context.Request.ContentLength > maxBody)
            {
                throw new DomainException(ErrorKind.PayloadTooLarge, "payload_too_large", $"The request body is larger than {maxBody} bytes.");
            }

            return next(context);
        });
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    /// <summary>
    /// Behind a load balancer the client's address (used for throttling and the audit log) arrives in
    /// X-Forwarded-For. Off by default: trusted only from the proxies named in configuration (loopback always),
    /// since anyone else could claim any address.
    /// </summary>
    private static void UseForwardedHeadersWhenBehindAProxy(WebApplication app)
    {
        var section = app.Configuration.GetSection("Http:ForwardedHeaders");
        if (!section.GetValue("Enabled", false))
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        }

        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
    }

    public static void MapPlatformEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().DisableRateLimiting();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("AgentPlatform API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapPlatformHealthChecks();

        app.MapPost("/api/v1/admin/security/reencrypt", async (IEnumerable<ISecretReencryptor> reencryptors, CancellationToken ct) =>
            {
                var changed = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var reencryptor in reencryptors)
                {
                    changed[reencryptor.Name] = await reencryptor.ReencryptAllAsync(ct);
                }

                return TypedResults.Ok(new ReencryptionReport(changed, changed.Values.Sum()));
            })
            .WithName("AdminReencryptSecrets")
            .WithSummary("Re-encrypts every stored secret that is not under the active key (run after adding a new key).")
            .WithTags("Admin: security")
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .Produces<ReencryptionReport>()
            .ProducesProblems(401, 403);
    }
}

internal sealed record ReencryptionReport(IReadOnlyDictionary<string, int> ChangedByModule, int Total);
