using System.Threading.RateLimiting;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Modules;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Users.Features.AdminUsers;
using AgentPlatform.Modules.Users.Features.AuditLogs;
using AgentPlatform.Modules.Users.Features.Bootstrap;
using AgentPlatform.Modules.Users.Features.GetMe;
using AgentPlatform.Modules.Users.Features.ListApiKeys;
using AgentPlatform.Modules.Users.Features.Login;
using AgentPlatform.Modules.Users.Features.Logout;
using AgentPlatform.Modules.Users.Features.PurgeExpiredAuthData;
using AgentPlatform.Modules.Users.Features.RefreshSession;
using AgentPlatform.Modules.Users.Features.Register;
using AgentPlatform.Modules.Users.Features.Sessions;
using AgentPlatform.Modules.Users.Features.SystemConfigs;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Quartz;

namespace AgentPlatform.Modules.Users;

/// <summary>
/// Users: accounts, sign-in (JWT access and rotating refresh tokens, API keys), administration of users,
/// system settings and the audit log. Also defines the platform's authentication and authorization.
/// </summary>
public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<UsersDbContext>(UsersDbContext.SchemaName);
        services.AddModuleValidators(typeof(UsersModule).Assembly);

        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.Section))
            .Validate(o => o.SigningKey.Length > 0, "Jwt:SigningKey is required (base64, at least 32 bytes).").ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.Section));
        services.AddOptions<BootstrapOptions>().Bind(configuration.GetSection(BootstrapOptions.Section));

        services.AddSingleton<TokenService>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<AuthStateCache>();
        services.AddHostedService<AuthStateListener>();
        services.AddSingleton<AuthStateReader>();
        services.AddSingleton<LoginThrottler>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<IStartupSeeder, AdminBootstrapper>();

        AddAuthentication(services);
        AddRateLimits(services, configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");
        RegisterUserEndpoint.Map(auth);
        LoginUserEndpoint.Map(auth);
        RefreshSessionEndpoint.Map(auth);
        LogoutEndpoint.Map(auth);

        var me = app.MapGroup("/api/v1/users/me").WithTags("Users").RequireAuthorization();
        MeEndpoints.Map(me);
        ApiKeyEndpoints.Map(me);
        SessionEndpoints.Map(me);

        SystemConfigEndpoints.MapPublic(app.MapGroup("/api/v1/system-configs").WithTags("System configs"));

        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin);
        AdminUserEndpoints.Map(admin.MapGroup("/users").WithTags("Admin: users"));
        SystemConfigEndpoints.MapAdmin(admin.MapGroup("/system-configs").WithTags("Admin: system configs"));
        AuditLogEndpoints.Map(admin.MapGroup("/audit-logs").WithTags("Admin: audit logs"));
        return app;
    }

    /// <summary>The module's scheduled jobs; each only sends a command.</summary>
    public static IQuartzBuilder AddUsersJobs(this IQuartzBuilder quartz)
    {
        quartz.AddJob<PurgeExpiredAuthDataJob>(j => j.WithIdentity(PurgeExpiredAuthDataJob.Key).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(PurgeExpiredAuthDataJob.Key)
            .WithIdentity(PurgeExpiredAuthDataJob.Key.Name, PurgeExpiredAuthDataJob.Key.Group)
            .WithCronSchedule(PurgeExpiredAuthDataJob.Schedule, c => c.InTimeZone(TimeZoneInfo.Utc)));
        return quartz;
    }

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        // The platform scheme is the API-key handler itself, which hands any request without a key to the JWT bearer
        // handler. An API-key call (the model gateway's usual caller) is then authenticated in one step, without a
        // policy scheme in front that only chooses.
        services.AddAuthentication(AuthorizationPolicies.PlatformScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthorizationPolicies.PlatformScheme, "API key, else JWT access token", o =>
                o.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.ReadKey(context.Request) is null ? JwtBearerDefaults.AuthenticationScheme : null)
            .AddJwtBearer();

        services.AddSingleton<CachingJsonWebTokenHandler>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<JwtOptions>, CachingJsonWebTokenHandler>((o, jwt, tokens) =>
        {
            var settings = jwt.Value;
            o.MapInboundClaims = false;
            tokens.MapInboundClaims = false;
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(tokens);
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(settings.SigningKeyBytes()),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = PlatformClaims.UserId,
                RoleClaimType = PlatformClaims.Role,
            };
            o.Events = new JwtBearerEvents { OnTokenValidated = OnTokenValidated };
        });

        // No scheme named in the policy: the platform scheme is the default one, so the authentication middleware has
        // already set the user. A named scheme would make every authorization authenticate again and copy the principal.
        var defaultPolicy = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new ApiKeyScopeRequirement())
            .Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(defaultPolicy)
            .AddPolicy(AuthorizationPolicies.Admin, p => p.Combine(defaultPolicy).RequireRole(BuildingBlocks.Contracts.Roles.Admin));
        services.AddSingleton<IAuthorizationHandler, ApiKeyScopeHandler>();
    }

    /// <summary>The token is only a claim: the user must still be active and the session live, checked per request.</summary>
    private static async Task OnTokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.FindFirst(PlatformClaims.UserId)?.Value, out var userId)
            || !Guid.TryParse(principal.FindFirst(PlatformClaims.SessionId)?.Value, out var sessionId))
        {
            context.Fail("The token does not name a user and a session.");
            return;
        }

        var state = context.HttpContext.RequestServices.GetRequiredService<AuthStateReader>();
        var role = await state.GetActiveRoleAsync(userId, sessionId, context.HttpContext.RequestAborted);
        if (role is null)
        {
            context.Fail("The session has ended or the account is disabled.");
            return;
        }

        context.Principal = PlatformClaims.CreatePrincipal(userId, role, AuthenticationMethod.Jwt, sessionId, []);
    }

    private static void AddRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Auth:RateLimit:PermitsPerMinute", 30);
        services.AddRateLimiter(o => o.AddPolicy(UsersModuleConstants.AuthRateLimitPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
    }
}
