using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Users.Domain.ApiKeys;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Features.Shared;
using AgentPlatform.Modules.Users.Infrastructure;
using AgentPlatform.Modules.Users.Infrastructure.Auth;

namespace AgentPlatform.Modules.Users.Features.CreateApiKey;

internal sealed record CreateApiKey(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt) : ICommand<CreatedApiKey>;

/// <summary>The only answer that carries the secret <see cref="Key"/>: it is never shown again.</summary>
internal sealed record CreatedApiKey(Guid Id, string Name, string Prefix, string Key, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt);

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKey>
{
    public CreateApiKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("A name is required.").MaximumLength(100);
        RuleForEach(x => x.Scopes).Must(s => ApiKey.KnownScopes.Contains(s))
            .WithMessage($"Unknown scope; known scopes are: {string.Join(", ", ApiKey.KnownScopes)}.");
        RuleFor(x => x.Scopes).Must(s => s is null || s.Count > 0).WithMessage("Give at least one scope, or leave scopes out for all of them.");
    }
}

internal sealed class CreateApiKeyHandler(UsersDbContext db, ICurrentUser currentUser, AuditTrail audit, TimeProvider clock)
    : ICommandHandler<CreateApiKey, CreatedApiKey>
{
    public const int MaxKeysPerUser = 50;

    public async ValueTask<CreatedApiKey> Handle(CreateApiKey command, CancellationToken cancellationToken)
    {
        currentUser.RequireSignedInPerson("create API keys");

        var userId = currentUser.Id;
        if (await db.ApiKeys.CountAsync(k => k.UserId == userId && k.RevokedAt == null, cancellationToken) >= MaxKeysPerUser)
        {
            throw DomainException.Conflict("users.too_many_api_keys", $"A user has at most {MaxKeysPerUser} active API keys; revoke one first.");
        }

        var prefix = ApiKeyAuthenticationHandler.KeyPrefix + TokenService.RandomString(12);
        var key = $"{prefix}_{TokenService.RandomString(40)}";
        var apiKey = ApiKey.Create(userId, command.Name!, prefix, TokenService.Hash(key), command.Scopes ?? ApiKey.KnownScopes, command.ExpiresAt, clock.GetUtcNow());
        db.ApiKeys.Add(apiKey);
        audit.Record(AuditActions.ApiKeyCreated, "api_key", apiKey.Id, new { apiKey.Name, apiKey.Prefix, apiKey.Scopes });
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(apiKey.Id, apiKey.Name, apiKey.Prefix, key, apiKey.Scopes, apiKey.ExpiresAt, apiKey.CreatedAt);
    }
}
