using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;

namespace AgentPlatform.Modules.Llm.Features.Shared;

/// <summary>
/// Who may see and change what: system-level objects (no owner) are visible to everyone and changeable by
/// admins; user-level objects exist only for their owner (anyone else gets a 404, as if they did not exist).
/// </summary>
internal static class LlmAccess
{
    /// <summary>The owner a new object gets: admins create system-level objects, users their own.</summary>
    public static Guid? NewOwner(this ICurrentUser user) => user.IsAdmin ? null : user.Id;

    public static string ScopeOf(Guid? ownerId) => ownerId is null ? "system" : "user";

    public static async Task<Provider> VisibleProviderAsync(this LlmDbContext db, ICurrentUser user, Guid providerId, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Providers : db.Providers.AsNoTracking();
        var provider = await query.FirstOrDefaultAsync(p => p.Id == providerId, ct);
        if (provider is null || !provider.IsVisibleTo(user.Id))
        {
            throw DomainException.NotFound("Provider", providerId);
        }

        return provider;
    }

    public static async Task<Provider> ManageableProviderAsync(this LlmDbContext db, ICurrentUser user, Guid providerId, CancellationToken ct)
    {
        var provider = await db.VisibleProviderAsync(user, providerId, ct, tracking: true);
        EnsureManageable(provider.OwnerId, user, "provider");
        return provider;
    }

    public static async Task<Model> ManageableModelAsync(this LlmDbContext db, ICurrentUser user, Guid modelId, CancellationToken ct)
    {
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == modelId && (m.OwnerId == null || m.OwnerId == user.Id), ct)
            ?? throw DomainException.NotFound("Model", modelId);
        EnsureManageable(model.OwnerId, user, "model");
        return model;
    }

    public static async Task<Profile> ManageableProfileAsync(this LlmDbContext db, ICurrentUser user, Guid profileId, CancellationToken ct)
    {
        var userId = user.Id;
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.Id == profileId && (p.OwnerId == null || p.OwnerId == userId), ct)
            ?? throw DomainException.NotFound("Profile", profileId);
        EnsureManageable(profile.OwnerId, user, "profile");
        return profile;
    }

    public static async Task<FallbackChain> ManageableChainAsync(this LlmDbContext db, ICurrentUser user, Guid chainId, CancellationToken ct)
    {
        var userId = user.Id;
        var chain = await db.FallbackChains.FirstOrDefaultAsync(c => c.Id == chainId && (c.OwnerId == null || c.OwnerId == userId), ct)
            ?? throw DomainException.NotFound("Fallback chain", chainId);
        EnsureManageable(chain.OwnerId, user, "fallback chain");
        return chain;
    }

    public static void EnsureManageable(Guid? ownerId, ICurrentUser user, string what)
    {
        if (ownerId is null ? !user.IsAdmin : ownerId != user.Id)
        {
            throw DomainException.Forbidden("llm.system_object", $"This {what} is system-level: only an admin can change it.");
        }
    }

    /// <summary>A JSON object given by a client, stored as its text; anything else is a 400 on <paramref name="field"/>.</summary>
    public static string? ObjectText(JsonElement? value, string field)
    {
        if (value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            throw DomainException.Invalid(field, $"{field} must be a JSON object.");
        }

        return value.Value.GetRawText();
    }

    public static JsonElement ParseObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
