using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Features.Shared;

namespace AgentPlatform.Modules.Users.Features.AdminUsers;

/// <summary>Status and role arrive as the API spells them ('active', 'admin'); the validator checks them.</summary>
internal sealed record ListUsers(int? Page, int? PageSize, string? Search, string? Status, string? Role) : IQuery<PagedResult<UserProfile>>, IPagedQuery;

internal sealed class ListUsersValidator : AbstractValidator<ListUsers>
{
    public ListUsersValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Search).MaximumLength(100);
        RuleFor(x => x.Status).Must(EnumText.IsDefined<UserStatus>).When(x => x.Status is not null)
            .WithMessage($"status is one of: {string.Join(", ", EnumText.Names<UserStatus>())}.");
        RuleFor(x => x.Role).Must(EnumText.IsDefined<UserRole>).When(x => x.Role is not null)
            .WithMessage($"role is one of: {string.Join(", ", EnumText.Names<UserRole>())}.");
    }
}

internal sealed class ListUsersHandler(UsersDbContext db) : IQueryHandler<ListUsers, PagedResult<UserProfile>>
{
    public async ValueTask<PagedResult<UserProfile>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = Like.Contains(User.Normalize(query.Search));
            users = users.Where(u => EF.Functions.Like(u.NormalizedUsername, term) || EF.Functions.Like(u.NormalizedEmail, term)
                || (u.Nickname != null && EF.Functions.ILike(u.Nickname, term)));
        }

        if (query.Status is not null)
        {
            var status = EnumText.Parse<UserStatus>(query.Status);
            users = users.Where(u => u.Status == status);
        }

        if (query.Role is not null)
        {
            var role = EnumText.Parse<UserRole>(query.Role);
            users = users.Where(u => u.Role == role);
        }

        return await users
            .OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Select(UserProfileMapping.Projection)
            .ToPagedResultAsync(query, cancellationToken);
    }
}
