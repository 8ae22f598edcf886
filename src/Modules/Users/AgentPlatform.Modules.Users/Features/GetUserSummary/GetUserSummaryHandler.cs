using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Contracts;
using AgentPlatform.Modules.Users.Domain.Users;

namespace AgentPlatform.Modules.Users.Features.GetUserSummary;

internal sealed class GetUserSummaryHandler(UsersDbContext db) : IQueryHandler<Contracts.GetUserSummary, UserSummary?>
{
    public async ValueTask<UserSummary?> Handle(Contracts.GetUserSummary query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.UserId, cancellationToken);
        return user is null ? null : new UserSummary(user.Id, user.Username, user.Nickname, EnumText.Of(user.Role), user.Status == UserStatus.Active);
    }
}
