using AgentPlatform.BuildingBlocks.Modules;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Billing.Features.Accounts;
using AgentPlatform.Modules.Billing.Features.ChargeUsage;
using AgentPlatform.Modules.Billing.Features.EventHandlers;
using AgentPlatform.Modules.Billing.Features.Orders;
using AgentPlatform.Modules.Billing.Features.Quotas;
using AgentPlatform.Modules.Billing.Features.Reservations;
using AgentPlatform.Modules.Billing.Features.Shared;
using AgentPlatform.Modules.Billing.Infrastructure;
using AgentPlatform.Modules.Billing.Infrastructure.Payments;
using AgentPlatform.Modules.Llm.Contracts;
using AgentPlatform.Modules.Users.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AgentPlatform.Modules.Billing;

/// <summary>
/// Billing: an account per user with a ledger that always adds up, products, orders and payments, idempotent
/// usage charging with reservations, and quotas. Other modules call it through its Contracts.
/// </summary>
public static class BillingModule
{
    public static IServiceCollection AddBillingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<BillingDbContext>(BillingDbContext.SchemaName);
        services.AddModuleValidators(typeof(BillingModule).Assembly);
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.Section))
            .Validate(o => o.Currency.Length is >= 3 and <= 10, "Billing:Currency is a currency code such as USD.")
            .Validate(o => o.OrderPaymentWindow > TimeSpan.Zero && o.ReservationLifetime > TimeSpan.Zero, "Billing:OrderPaymentWindow and Billing:ReservationLifetime must be positive.")
            .ValidateOnStart();

        services.AddScoped<AccountLedger>();
        services.AddScoped<UsagePricing>();
        services.AddScoped<UsageCharger>();
        services.AddScoped<ReservationSettler>();
        services.AddScoped<QuotaCounter>();
        services.AddScoped<OrderPayments>();
        services.AddSingleton<PaymentProviders>();

        services.AddIntegrationEventHandler<UserRegisteredIntegrationEvent, OpenAccountOnUserRegisteredHandler>();
        services.AddIntegrationEventHandler<LlmUsageRecordedIntegrationEvent, ChargeLlmUsageHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var billing = app.MapGroup("/api/v1/billing").WithTags("Billing");
        BillingEndpoints.Map(billing.MapGroup("").RequireAuthorization());
        BillingEndpoints.MapWebhooks(billing.MapGroup("/webhooks"));
        AdminBillingEndpoints.Map(app.MapGroup("/api/v1/admin/billing").WithTags("Admin: billing").RequireAuthorization(AuthorizationPolicies.Admin));
        return app;
    }

    /// <summary>The module's scheduled jobs; each only sends a command.</summary>
    public static IQuartzBuilder AddBillingJobs(this IQuartzBuilder quartz)
    {
        quartz.AddJob<ExpireOrdersJob>(j => j.WithIdentity(ExpireOrdersJob.Key).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(ExpireOrdersJob.Key)
            .WithIdentity(ExpireOrdersJob.Key.Name, ExpireOrdersJob.Key.Group)
            .WithCronSchedule(ExpireOrdersJob.Schedule, c => c.InTimeZone(TimeZoneInfo.Utc)));
        quartz.AddJob<ReleaseExpiredReservationsJob>(j => j.WithIdentity(ReleaseExpiredReservationsJob.Key).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(ReleaseExpiredReservationsJob.Key)
            .WithIdentity(ReleaseExpiredReservationsJob.Key.Name, ReleaseExpiredReservationsJob.Key.Group)
            .WithCronSchedule(ReleaseExpiredReservationsJob.Schedule, c => c.InTimeZone(TimeZoneInfo.Utc)));
        return quartz;
    }
}
