using AgentPlatform.Modules.Llm.Contracts;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>A model the gateway may try, with its provider and the endpoint it is reached through.</summary>
internal sealed record Candidate(Model Model, Provider Provider, ProviderEndpoint? Endpoint);

/// <summary>The requested model first, then its fallback chain; and the parameters to call them with.</summary>
internal sealed record GatewayPlan(IReadOnlyList<Candidate> Candidates, LlmChatParameters Parameters, Profile? Profile);

/// <summary>What a (user, model, profile) resolves to, before the request's own parameters are applied.</summary>
internal sealed record ResolvedPlan(IReadOnlyList<Candidate> Candidates, Profile? Profile);

/// <summary>Finds the models a request may use, in the order to try them, as the requesting user sees them.</summary>
internal sealed class GatewayPlanner(IServiceProvider services, GatewayPlanCache cache)
{
    // Taken from the scope only on a cache miss: a cached plan costs no database context.
    private LlmDbContext Db => services.GetRequiredService<LlmDbContext>();

    public async Task<GatewayPlan> PlanChatAsync(CompleteChat request, CancellationToken ct)
    {
        var resolved = await cache.GetOrAddAsync(new PlanKey(request.UserId, "chat", request.Model, request.ProfileId), () => ResolveChatAsync(request, ct));
        var p = resolved.Profile;
        var given = request.Parameters ?? new LlmChatParameters();
        var parameters = new LlmChatParameters
        {
            Temperature = given.Temperature ?? p?.Temperature,
            MaxTokens = given.MaxTokens ?? p?.MaxTokens,
            TopP = given.TopP ?? p?.TopP,
            FrequencyPenalty = given.FrequencyPenalty ?? p?.FrequencyPenalty,
            Seed = given.Seed ?? p?.Seed,
        };
        return new GatewayPlan(resolved.Candidates, parameters, p);
    }

    private async Task<ResolvedPlan> ResolveChatAsync(CompleteChat request, CancellationToken ct)
    {
        Profile? profile = null;
        Model? model;
        if (request.ProfileId is { } profileId)
        {
            profile = await Db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == profileId && (p.OwnerId == null || p.OwnerId == request.UserId), ct)
                ?? throw DomainException.NotFound("Profile", profileId);
            if (!profile.IsActive)
            {
                throw DomainException.Conflict("llm.profile_inactive", $"Profile '{profile.Name}' is not active.");
            }
        }

        if (request.Model is { Length: > 0 } selector)
        {
            model = await FindModelAsync(request.UserId, selector, ct) ?? throw DomainException.NotFound("Model", selector);
        }
        else
        {
            profile ??= await Db.Profiles.AsNoTracking()
                .Where(p => p.IsDefault && p.IsActive && (p.OwnerId == null || p.OwnerId == request.UserId))
                .OrderBy(p => p.OwnerId == null)
                .FirstOrDefaultAsync(ct)
                ?? throw DomainException.Invalid("model", "Name a model or a profile: there is no default profile to use.");
            model = await Db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == profile.ModelId, ct) ?? throw DomainException.NotFound("Model", profile.ModelId);
        }

        if (model.Type == ModelType.Embedding)
        {
            throw DomainException.Invalid("model", $"'{model.ModelId}' is an embedding model; chat needs a chat model.");
        }

        var chainId = profile?.FallbackChainId ?? model.FallbackChainId;
        return new ResolvedPlan(await CandidatesAsync(request.UserId, model, chainId, ct), profile);
    }

    public async Task<Candidate> PlanEmbeddingAsync(Embed request, CancellationToken ct) =>
        (await cache.GetOrAddAsync(new PlanKey(request.UserId, "embedding", request.Model, null), async () => new ResolvedPlan([await ResolveEmbeddingAsync(request, ct)], null))).Candidates[0];

    private async Task<Candidate> ResolveEmbeddingAsync(Embed request, CancellationToken ct)
    {
        var model = await FindModelAsync(request.UserId, request.Model, ct) ?? throw DomainException.NotFound("Model", request.Model);
        if (model.Type != ModelType.Embedding)
        {
            throw DomainException.Invalid("model", $"'{model.ModelId}' is not an embedding model.");
        }

        return (await CandidatesAsync(request.UserId, model, null, ct))[0];
    }

    /// <summary>By platform id, else by provider model id: the user's own model before a system one.</summary>
    public Task<Model?> FindModelAsync(Guid userId, string selector, CancellationToken ct)
    {
        var visible = Db.Models.AsNoTracking().Where(m => m.OwnerId == null || m.OwnerId == userId);
        return Guid.TryParse(selector, out var id)
            ? visible.FirstOrDefaultAsync(m => m.Id == id, ct)
            : visible.Where(m => m.ModelId == selector).OrderBy(m => m.OwnerId == null).ThenBy(m => m.CreatedAt).FirstOrDefaultAsync(ct);
    }

    private async Task<IReadOnlyList<Candidate>> CandidatesAsync(Guid userId, Model first, Guid? chainId, CancellationToken ct)
    {
        var order = new List<Guid> { first.Id };
        if (chainId is { } id)
        {
            var chain = await Db.FallbackChains.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
            order.AddRange(chain?.ModelIds.Where(m => !order.Contains(m)) ?? []);
        }

        var models = order.Count == 1
            ? [first]
            : await Db.Models.AsNoTracking().Where(m => order.Contains(m.Id) && (m.OwnerId == null || m.OwnerId == userId)).ToListAsync(ct);
        var providerIds = models.Select(m => m.ProviderId).Distinct().ToList();
        var providers = await Db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var endpoints = await Db.Endpoints.AsNoTracking().Where(e => providerIds.Contains(e.ProviderId) && e.IsActive)
            .OrderByDescending(e => e.IsDefault).ThenBy(e => e.CreatedAt).ToListAsync(ct);

        return order
            .Select(mid => models.FirstOrDefault(m => m.Id == mid))
            .Where(m => m is not null && providers.ContainsKey(m.ProviderId))
            .Select(m => new Candidate(m!, providers[m!.ProviderId], endpoints.FirstOrDefault(e => e.ProviderId == m.ProviderId)))
            .ToList();
    }
}
