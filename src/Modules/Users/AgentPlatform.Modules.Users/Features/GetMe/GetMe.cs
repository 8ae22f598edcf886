using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Features.Shared;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Features.GetMe;

internal sealed record GetMe : IQuery<UserProfile>;

/// <summary>Served from this Host's <see cref="AuthStateCache"/> when it holds the profile (kept exact by notifications).</summary>
internal sealed class GetMeHandler(UsersDbContext db, ICurrentUser currentUser, AuthStateCache cache) : IQueryHandler<GetMe, UserProfile>
{
    public async ValueTask<UserProfile> Handle(GetMe query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        if (cache.TryGetProfile(userId) is { } cached)
        {
            return cached;
        }

        var version = cache.VersionOf(userId);
        var profile = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(UserProfileMapping.Projection).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("User", userId);
        cache.StoreProfile(profile, version);
        return profile;
    }
}
