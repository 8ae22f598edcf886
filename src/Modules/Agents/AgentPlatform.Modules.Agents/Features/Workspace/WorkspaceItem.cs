using AgentPlatform.Modules.Agents.Domain.Agents;

namespace AgentPlatform.Modules.Agents.Features.Workspace;

internal sealed record WorkspaceItem(Guid AgentId, string Name, string? Avatar, string? Description, string? VersionNumber, bool IsOwner, ModelSettings? ModelOverride, DateTimeOffset AddedAt);
