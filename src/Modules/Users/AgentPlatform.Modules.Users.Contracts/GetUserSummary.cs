using Mediator;

namespace AgentPlatform.Modules.Users.Contracts;

/// <summary>Reads the public facts of a user; null when no such (non-deleted) user exists.</summary>
/// <param name="UserId">The user's id.</param>
public sealed record GetUserSummary(Guid UserId) : IQuery<UserSummary?>;

/// <summary>What other modules may know of a user.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Username">The login name.</param>
/// <param name="Nickname">The display name, if set.</param>
/// <param name="Role">"user" or "admin".</param>
/// <param name="IsActive">False when the account is disabled.</param>
public sealed record UserSummary(Guid Id, string Username, string? Nickname, string Role, bool IsActive);
