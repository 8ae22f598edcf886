using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Features.Shared;

namespace AgentPlatform.Modules.Users.Features.GetMe;

internal sealed record GetMe : IQuery<UserProfile>;

internal sealed class GetMeHandler(UsersDbContext db, ICurrentUser currentUser) : IQueryHandler<GetMe, UserProfile>
{
    public async ValueTask<UserProfile> Handle(GetMe query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw DomainException.NotFound("User", userId);
        return user.ToProfile();
    }
}
