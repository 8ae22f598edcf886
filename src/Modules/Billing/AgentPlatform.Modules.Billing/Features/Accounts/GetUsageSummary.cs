using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Usage;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

/// <summary>Usage of one UTC day, service and model; cost counts charged usage, unpaidCost what could not be charged.</summary>
internal sealed record UsageSummaryRow(DateOnly Day, string Service, string? Model, long Requests, long InputTokens, long OutputTokens, decimal Cost, decimal UnpaidCost);

/// <summary>Usage aggregated by day, service and model, newest day first; from/to are UTC days, inclusive, at most 366 days apart.</summary>
internal sealed record GetUsageSummary(Guid UserId, DateOnly? From, DateOnly? To, int? Page, int? PageSize) : IQuery<PagedResult<UsageSummaryRow>>, IPagedQuery;

internal sealed class GetUsageSummaryValidator : AbstractValidator<GetUsageSummary>
{
    public GetUsageSummaryValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("to must not be before from.");
        RuleFor(x => x).Must(x => x.From is null || x.To is null || x.To.Value.DayNumber - x.From.Value.DayNumber <= 366)
            .OverridePropertyName("to").WithMessage("Ask for at most 366 days at once.");
    }
}

internal sealed class GetUsageSummaryHandler(BillingDbContext db, TimeProvider clock) : IQueryHandler<GetUsageSummary, PagedResult<UsageSummaryRow>>
{
    public async ValueTask<PagedResult<UsageSummaryRow>> Handle(GetUsageSummary query, CancellationToken cancellationToken)
    {
        var to = query.To ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = query.From ?? to.AddDays(-30);
        return await db.UsageRecords.AsNoTracking()
            .Where(r => r.UserId == query.UserId && r.BilledOn >= from && r.BilledOn <= to)
            .GroupBy(r => new { r.BilledOn, r.ServiceName, r.ModelName })
            .OrderByDescending(g => g.Key.BilledOn).ThenBy(g => g.Key.ServiceName).ThenBy(g => g.Key.ModelName)
            .Select(g => new UsageSummaryRow(
                g.Key.BilledOn,
                g.Key.ServiceName,
                g.Key.ModelName,
                g.LongCount(),
                g.Sum(r => r.InputTokens),
                g.Sum(r => r.OutputTokens),
                g.Sum(r => r.Status == UsageStatus.Charged ? r.Cost : 0m),
                g.Sum(r => r.Status == UsageStatus.Unpaid ? r.Cost : 0m)))
            .ToPagedResultAsync(query, cancellationToken);
    }
}
