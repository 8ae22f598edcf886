using AgentPlatform.BuildingBlocks.Application;

namespace AgentPlatform.Modules.Users.Features.ListApiKeys;

internal sealed record ListApiKeys : IQuery<IReadOnlyList<ApiKeyItem>>;

internal sealed record ApiKeyItem(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

internal sealed class ListApiKeysHandler(UsersDbContext db, ICurrentUser currentUser) : IQueryHandler<ListApiKeys, IReadOnlyList<ApiKeyItem>>
{
    public async ValueTask<IReadOnlyList<ApiKeyItem>> Handle(ListApiKeys query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        return await db.ApiKeys.AsNoTracking()
            .Where(k => k.UserId == userId)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyItem(k.Id, k.Name, k.Prefix, k.Scopes, k.ExpiresAt, k.LastUsedAt, k.CreatedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }
}
