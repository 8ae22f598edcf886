using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Security;
using AgentPlatform.Modules.Llm.Domain.Providers;
using AgentPlatform.Modules.Llm.Features.Shared;

namespace AgentPlatform.Modules.Llm.Features.Providers;

/// <summary>A credential as the API shows it: never the key, only its alias and last four characters.</summary>
internal sealed record CredentialDto(Guid Id, Guid ProviderId, string Alias, string KeyLast4, bool HasSecretKey, DateTimeOffset? ExpiresAt, int? DailyQuota, int UsedToday, DateTimeOffset? RateLimitedUntil, bool IsActive, DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CredentialDto From(Credential c, DateTimeOffset now) =>
        new(c.Id, c.ProviderId, c.Alias, c.KeyLast4, c.SecretKeyEncrypted is not null, c.ExpiresAt, c.DailyQuota, c.UsedOn(now), c.RateLimitedUntil, c.IsActive, c.LastUsedAt, c.CreatedAt, c.UpdatedAt);
}

internal sealed record AddCredential(Guid ProviderId, string? Alias, string? ApiKey, string? SecretKey, DateTimeOffset? ExpiresAt, int? DailyQuota, bool? IsActive) : ICommand<CredentialDto>
{
    /// <summary>Keeps the key out of logs and exception texts that print the record.</summary>
    public override string ToString() => $"AddCredential {{ ProviderId = {ProviderId}, Alias = {Alias} }}";
}

internal sealed record AddCredentialRequest(string? Alias, string? ApiKey, string? SecretKey, DateTimeOffset? ExpiresAt, int? DailyQuota, bool? IsActive)
{
    public override string ToString() => $"AddCredentialRequest {{ Alias = {Alias} }}";
}

internal sealed class AddCredentialValidator : AbstractValidator<AddCredential>
{
    public AddCredentialValidator()
    {
        RuleFor(x => x.Alias).NotEmpty().MaximumLength(Credential.AliasMaxLength);
        RuleFor(x => x.ApiKey).NotEmpty().MaximumLength(4096);
        RuleFor(x => x.SecretKey).MaximumLength(4096);
        RuleFor(x => x.DailyQuota).GreaterThan(0);
    }
}

internal sealed class AddCredentialHandler(LlmDbContext db, ICurrentUser user, ISecretProtector secrets, TimeProvider clock) : ICommandHandler<AddCredential, CredentialDto>
{
    public async ValueTask<CredentialDto> Handle(AddCredential command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.ProviderId, cancellationToken);
        var now = clock.GetUtcNow();
        if (command.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw DomainException.Invalid("expiresAt", "expiresAt must be in the future.");
        }

        var apiKey = command.ApiKey!.Trim();
        var credential = Credential.Create(provider.Id, command.Alias!, apiKey,
            secrets.Protect(apiKey, Credential.ApiKeyPurpose),
            string.IsNullOrEmpty(command.SecretKey) ? null : secrets.Protect(command.SecretKey, Credential.SecretKeyPurpose),
            command.ExpiresAt, command.DailyQuota, command.IsActive ?? true);
        db.Credentials.Add(credential);
        await db.SaveChangesAsync(cancellationToken);
        return CredentialDto.From(credential, now);
    }
}

internal sealed record UpdateCredentialRequest(string? Alias, DateTimeOffset? ExpiresAt, int? DailyQuota, bool? IsActive);

/// <summary>Changes a credential's settings; the key itself never changes (rotate by adding a new one).</summary>
internal sealed record UpdateCredential(Guid ProviderId, Guid CredentialId, string? Alias, DateTimeOffset? ExpiresAt, int? DailyQuota, bool? IsActive) : ICommand<CredentialDto>;

internal sealed class UpdateCredentialValidator : AbstractValidator<UpdateCredential>
{
    public UpdateCredentialValidator()
    {
        RuleFor(x => x.Alias).NotEmpty().MaximumLength(Credential.AliasMaxLength);
        RuleFor(x => x.DailyQuota).GreaterThan(0);
    }
}

internal sealed class UpdateCredentialHandler(LlmDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<UpdateCredential, CredentialDto>
{
    public async ValueTask<CredentialDto> Handle(UpdateCredential command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.ProviderId, cancellationToken);
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == command.CredentialId && c.ProviderId == provider.Id, cancellationToken)
            ?? throw DomainException.NotFound("Credential", command.CredentialId);
        credential.Update(command.Alias!, command.ExpiresAt, command.DailyQuota, command.IsActive ?? credential.IsActive);
        await db.SaveChangesAsync(cancellationToken);
        return CredentialDto.From(credential, clock.GetUtcNow());
    }
}

internal sealed record ListCredentials(Guid ProviderId) : IQuery<IReadOnlyList<CredentialDto>>;

internal sealed class ListCredentialsHandler(LlmDbContext db, ICurrentUser user, TimeProvider clock) : IQueryHandler<ListCredentials, IReadOnlyList<CredentialDto>>
{
    public async ValueTask<IReadOnlyList<CredentialDto>> Handle(ListCredentials query, CancellationToken cancellationToken)
    {
        // Credentials are the provider's secrets: only whoever manages the provider lists them.
        var provider = await db.VisibleProviderAsync(user, query.ProviderId, cancellationToken);
        LlmAccess.EnsureManageable(provider.OwnerId, user, "provider");
        var now = clock.GetUtcNow();
        var credentials = await db.Credentials.AsNoTracking().Where(c => c.ProviderId == provider.Id).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return [.. credentials.Select(c => CredentialDto.From(c, now))];
    }
}

internal sealed record DeleteCredential(Guid ProviderId, Guid CredentialId) : ICommand;

internal sealed class DeleteCredentialHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<DeleteCredential>
{
    public async ValueTask<Unit> Handle(DeleteCredential command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.ProviderId, cancellationToken);
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == command.CredentialId && c.ProviderId == provider.Id, cancellationToken)
            ?? throw DomainException.NotFound("Credential", command.CredentialId);
        db.Credentials.Remove(credential);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
