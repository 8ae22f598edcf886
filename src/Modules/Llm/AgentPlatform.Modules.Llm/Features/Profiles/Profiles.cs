using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Features.Shared;

namespace AgentPlatform.Modules.Llm.Features.Profiles;

internal sealed record ProfileDto(
    Guid Id, string Name, string? Description, Guid ModelId, double? Temperature, int? MaxTokens, double? TopP, double? FrequencyPenalty, long? Seed,
    JsonElement ProviderConfig, Guid? FallbackChainId, bool IsActive, bool IsDefault, string Scope, DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProfileDto From(Profile p) => new(
        p.Id, p.Name, p.Description, p.ModelId, p.Temperature, p.MaxTokens, p.TopP, p.FrequencyPenalty, p.Seed,
        LlmAccess.ParseObject(p.ProviderConfig), p.FallbackChainId, p.IsActive, p.IsDefault, LlmAccess.ScopeOf(p.OwnerId), p.LastUsedAt, p.CreatedAt, p.UpdatedAt);
}

internal sealed record ProfileRequest(
    string? Name, string? Description, Guid? ModelId, double? Temperature, int? MaxTokens, double? TopP, double? FrequencyPenalty, long? Seed,
    JsonElement? ProviderConfig, Guid? FallbackChainId, bool? IsActive, bool? IsDefault);

/// <summary>Adds a profile (no <see cref="Id"/>) or replaces one's settings.</summary>
internal sealed record SaveProfile(Guid? Id, ProfileRequest Body) : ICommand<ProfileDto>;

internal sealed class SaveProfileValidator : AbstractValidator<SaveProfile>
{
    public SaveProfileValidator()
    {
        RuleFor(x => x.Body.Name).NotEmpty().MaximumLength(Profile.NameMaxLength).OverridePropertyName("name");
        RuleFor(x => x.Body.Description).MaximumLength(2000).OverridePropertyName("description");
        RuleFor(x => x.Body.ModelId).NotEmpty().OverridePropertyName("modelId");
        RuleFor(x => x.Body.Temperature).InclusiveBetween(0, 2).OverridePropertyName("temperature");
        RuleFor(x => x.Body.TopP).InclusiveBetween(0, 1).OverridePropertyName("topP");
        RuleFor(x => x.Body.FrequencyPenalty).InclusiveBetween(-2, 2).OverridePropertyName("frequencyPenalty");
        RuleFor(x => x.Body.MaxTokens).InclusiveBetween(1, 1_000_000).OverridePropertyName("maxTokens");
    }
}

internal sealed class SaveProfileHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<SaveProfile, ProfileDto>
{
    public async ValueTask<ProfileDto> Handle(SaveProfile command, CancellationToken cancellationToken)
    {
        var body = command.Body;
        var userId = user.Id;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        Profile? profile = null;
        if (command.Id is { } id)
        {
            profile = await db.ManageableProfileAsync(user, id, cancellationToken);
        }

        var ownerId = profile is null ? user.NewOwner() : profile.OwnerId;
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == body.ModelId && (m.OwnerId == null || m.OwnerId == userId), cancellationToken)
            ?? throw DomainException.Invalid("modelId", $"Model '{body.ModelId}' was not found.");
        if (ownerId is null && model.OwnerId is not null)
        {
            throw DomainException.Invalid("modelId", "A system-level profile can only use a system-level model.");
        }

        if (body.FallbackChainId is { } chainId
            && !await db.FallbackChains.AnyAsync(c => c.Id == chainId && (c.OwnerId == null || c.OwnerId == ownerId), cancellationToken))
        {
            throw DomainException.Invalid("fallbackChainId", $"Fallback chain '{chainId}' was not found.");
        }

        var settings = new ProfileSettings(body.Name!, body.Description, model.Id, body.Temperature, body.MaxTokens, body.TopP, body.FrequencyPenalty, body.Seed,
            LlmAccess.ObjectText(body.ProviderConfig, "providerConfig"), body.FallbackChainId, body.IsActive ?? true);
        if (profile is null)
        {
            profile = Profile.Create(ownerId, settings);
            db.Profiles.Add(profile);
        }
        else
        {
            profile.Update(settings);
        }

        await ProfileDefaults.LockOwnerAsync(db, ownerId, cancellationToken);
        var hasDefault = await db.Profiles.AnyAsync(p => p.OwnerId == ownerId && p.IsDefault && p.Id != profile.Id, cancellationToken);
        if (body.IsDefault == true || !hasDefault)
        {
            await ProfileDefaults.MakeDefaultAsync(db, profile, cancellationToken);
        }
        else if (body.IsDefault == false && profile.IsDefault)
        {
            throw DomainException.Conflict("llm.default_profile_required", "There is always one default profile: make another profile the default instead.");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ProfileDto.From(profile);
    }
}

/// <summary>Exactly one default per owner: changes are serialized per owner, and a unique partial index backs it up.</summary>
internal static class ProfileDefaults
{
    public static Task LockOwnerAsync(LlmDbContext db, Guid? ownerId, CancellationToken ct)
    {
        var key = BitConverter.ToInt64((ownerId ?? Guid.Empty).ToByteArray(), 8) ^ 0x11_1A_5E_7D;
        return db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
    }

    /// <summary>
    /// Call under the owner's lock. Both flags are written as statements, not from the tracked entity: it was read
    /// before the lock, so its flag may be stale (a concurrent request may have cleared it since), and EF would then
    /// see "true to true" and write nothing, leaving the owner without a default.
    /// </summary>
    public static async Task MakeDefaultAsync(LlmDbContext db, Profile profile, CancellationToken ct)
    {
        var ownerId = profile.OwnerId;
        await db.Profiles.Where(p => p.OwnerId == ownerId && p.IsDefault && p.Id != profile.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ct);
        await db.Profiles.Where(p => p.Id == profile.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, true), ct);
        profile.MakeDefault();
        db.Entry(profile).Property(p => p.IsDefault).OriginalValue = true;
    }
}

internal sealed record SetDefaultProfile(Guid Id) : ICommand<ProfileDto>;

internal sealed class SetDefaultProfileHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<SetDefaultProfile, ProfileDto>
{
    public async ValueTask<ProfileDto> Handle(SetDefaultProfile command, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var profile = await db.ManageableProfileAsync(user, command.Id, cancellationToken);
        await ProfileDefaults.LockOwnerAsync(db, profile.OwnerId, cancellationToken);
        await ProfileDefaults.MakeDefaultAsync(db, profile, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ProfileDto.From(profile);
    }
}

internal sealed record DeleteProfile(Guid Id) : ICommand;

internal sealed class DeleteProfileHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<DeleteProfile>
{
    public async ValueTask<Unit> Handle(DeleteProfile command, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var profile = await db.ManageableProfileAsync(user, command.Id, cancellationToken);
        await ProfileDefaults.LockOwnerAsync(db, profile.OwnerId, cancellationToken);
        var wasDefault = profile.IsDefault;
        profile.ClearDefault();
        db.Profiles.Remove(profile);
        await db.SaveChangesAsync(cancellationToken);

        // The newest remaining profile takes over as the default.
        if (wasDefault)
        {
            var ownerId = profile.OwnerId;
            var next = await db.Profiles.Where(p => p.OwnerId == ownerId).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            next?.MakeDefault();
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Unit.Value;
    }
}

internal sealed record GetProfile(Guid Id) : IQuery<ProfileDto>;

internal sealed class GetProfileHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<GetProfile, ProfileDto>
{
    public async ValueTask<ProfileDto> Handle(GetProfile query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == query.Id && (p.OwnerId == null || p.OwnerId == userId), cancellationToken)
            ?? throw DomainException.NotFound("Profile", query.Id);
        return ProfileDto.From(profile);
    }
}

internal sealed record ListProfiles(int? Page, int? PageSize) : IQuery<PagedResult<ProfileDto>>, IPagedQuery;

internal sealed class ListProfilesValidator : AbstractValidator<ListProfiles>
{
    public ListProfilesValidator() => this.ValidatePaging();
}

internal sealed class ListProfilesHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<ListProfiles, PagedResult<ProfileDto>>
{
    public async ValueTask<PagedResult<ProfileDto>> Handle(ListProfiles query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var page = await db.Profiles.AsNoTracking().Where(p => p.OwnerId == null || p.OwnerId == userId)
            .OrderBy(p => p.OwnerId == null).ThenByDescending(p => p.IsDefault).ThenBy(p => p.Name)
            .ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<ProfileDto>([.. page.Items.Select(ProfileDto.From)], page.Page, page.PageSize, page.Total);
    }
}
