namespace AgentPlatform.BuildingBlocks.Contracts;

/// <summary>One page of a bounded list.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="Page">The 1-based page number.</param>
/// <param name="PageSize">The requested page size.</param>
/// <param name="Total">The number of items across all pages.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>Paging limits shared by every list endpoint.</summary>
public static class Paging
{
    /// <summary>Page size when none is asked for.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The largest page size accepted.</summary>
    public const int MaxPageSize = 100;
}
