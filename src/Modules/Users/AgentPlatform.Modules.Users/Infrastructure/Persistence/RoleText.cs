using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.Users;

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence;

internal static class RoleText
{
    public static string Of(UserRole role) => EnumText.Of(role);
}
