using AgentPlatform.BuildingBlocks.Contracts;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.BuildingBlocks.Persistence;

/// <summary>A list query's paging; both null means the first page of the default size.</summary>
public interface IPagedQuery
{
    int? Page { get; }

    int? PageSize { get; }
}

public static class PagingExtensions
{
    public static async Task<PagedResult<T>> ToPagedResultAsync<T>(this IQueryable<T> query, IPagedQuery paging, CancellationToken cancellationToken)
    {
        var page = paging.Page ?? 1;
        var size = paging.PageSize ?? Paging.DefaultPageSize;
        var total = await query.LongCountAsync(cancellationToken);
        var items = total == 0 ? [] : await query.Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new PagedResult<T>(items, page, size, total);
    }

    /// <summary>page from 1, pageSize from 1 to 100, reported as field errors.</summary>
    public static void ValidatePaging<T>(this AbstractValidator<T> validator)
        where T : IPagedQuery
    {
        validator.RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithMessage("page starts at 1.").LessThanOrEqualTo(1_000_000);
        validator.RuleFor(x => x.PageSize).InclusiveBetween(1, Paging.MaxPageSize).WithMessage($"pageSize is between 1 and {Paging.MaxPageSize}.");
    }
}
