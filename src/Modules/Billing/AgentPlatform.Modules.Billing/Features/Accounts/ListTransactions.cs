using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Billing.Domain.Accounts;

namespace AgentPlatform.Modules.Billing.Features.Accounts;

internal sealed record TransactionDto(
    Guid Id, long Sequence, TransactionType Type, decimal Amount, decimal BalanceBefore, decimal BalanceAfter, decimal FrozenChange, decimal FrozenAfter,
    Guid? OrderId, Guid? UsageRecordId, Guid? ReservationId, string? Description, DateTimeOffset CreatedAt);

/// <summary>A user's ledger, newest first; type as the API spells it ('deduction'), dates inclusive from and exclusive to.</summary>
internal sealed record ListTransactions(Guid UserId, int? Page, int? PageSize, string? Type, DateTimeOffset? From, DateTimeOffset? To)
    : IQuery<PagedResult<TransactionDto>>, IPagedQuery;

internal sealed class ListTransactionsValidator : AbstractValidator<ListTransactions>
{
    public ListTransactionsValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Type).Must(EnumText.IsDefined<TransactionType>).When(x => x.Type is not null)
            .WithMessage($"type is one of: {string.Join(", ", EnumText.Names<TransactionType>())}.");
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("to must be after from.");
    }
}

internal sealed class ListTransactionsHandler(BillingDbContext db) : IQueryHandler<ListTransactions, PagedResult<TransactionDto>>
{
    public async ValueTask<PagedResult<TransactionDto>> Handle(ListTransactions query, CancellationToken cancellationToken)
    {
        var rows = db.Transactions.AsNoTracking().Where(t => t.UserId == query.UserId);
        if (query.Type is not null)
        {
            var type = EnumText.Parse<TransactionType>(query.Type);
            rows = rows.Where(t => t.Type == type);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(t => t.CreatedAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(t => t.CreatedAt < to);
        }

        return await rows.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Sequence)
            .Select(t => new TransactionDto(t.Id, t.Sequence, t.Type, t.Amount, t.BalanceBefore, t.BalanceAfter, t.FrozenChange, t.FrozenAfter,
                t.OrderId, t.UsageRecordId, t.ReservationId, t.Description, t.CreatedAt))
            .ToPagedResultAsync(query, cancellationToken);
    }
}
