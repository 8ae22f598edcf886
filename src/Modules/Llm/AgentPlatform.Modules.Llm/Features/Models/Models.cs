using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Features.Shared;

namespace AgentPlatform.Modules.Llm.Features.Models;

internal sealed record ModelDto(
    Guid Id, Guid ProviderId, string ModelId, string Name, string? Version, string? Description, string Type, int? ContextWindow, int? MaxOutputTokens,
    decimal InputPricePer1K, decimal OutputPricePer1K, string Currency, IReadOnlyDictionary<string, bool> Capabilities, string Status, int? EmbeddingDimension,
    Guid? FallbackChainId, string Scope, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ModelDto From(Model m) => new(
        m.Id, m.ProviderId, m.ModelId, m.Name, m.Version, m.Description, EnumText.Of(m.Type), m.ContextWindow, m.MaxOutputTokens,
        m.InputPricePer1K, m.OutputPricePer1K, m.Currency, m.CapabilityFlags(), EnumText.Of(m.Status), m.EmbeddingDimension,
        m.FallbackChainId, LlmAccess.ScopeOf(m.OwnerId), m.CreatedAt, m.UpdatedAt);
}

internal sealed record ModelRequest(
    Guid? ProviderId, string? ModelId, string? Name, string? Version, string? Description, string? Type, int? ContextWindow, int? MaxOutputTokens,
    decimal? InputPricePer1K, decimal? OutputPricePer1K, string? Currency, Dictionary<string, bool>? Capabilities, string? Status, int? EmbeddingDimension, Guid? FallbackChainId);

/// <summary>Adds a model (no <see cref="Id"/>) or replaces one's settings.</summary>
internal sealed record SaveModel(Guid? Id, ModelRequest Body) : ICommand<ModelDto>;

internal sealed class SaveModelValidator : AbstractValidator<SaveModel>
{
    public SaveModelValidator()
    {
        RuleFor(x => x.Body.ProviderId).NotEmpty().When(x => x.Id is null).OverridePropertyName("providerId");
        RuleFor(x => x.Body.ModelId).NotEmpty().When(x => x.Id is null).MaximumLength(Model.ModelIdMaxLength).OverridePropertyName("modelId");
        RuleFor(x => x.Body.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        RuleFor(x => x.Body.Version).MaximumLength(50).OverridePropertyName("version");
        RuleFor(x => x.Body.Description).MaximumLength(2000).OverridePropertyName("description");
        RuleFor(x => x.Body.Type).NotEmpty().Must(EnumText.IsDefined<ModelType>).OverridePropertyName("type")
            .WithMessage($"type is one of: {string.Join(", ", EnumText.Names<ModelType>())}.");
        RuleFor(x => x.Body.Status).Must(s => s is null || EnumText.IsDefined<ModelStatus>(s)).OverridePropertyName("status")
            .WithMessage($"status is one of: {string.Join(", ", EnumText.Names<ModelStatus>())}.");
        RuleFor(x => x.Body.ContextWindow).GreaterThan(0).OverridePropertyName("contextWindow");
        RuleFor(x => x.Body.MaxOutputTokens).GreaterThan(0).OverridePropertyName("maxOutputTokens");
        RuleFor(x => x.Body.InputPricePer1K).NotNull().Must(Money.IsPrice).OverridePropertyName("inputPricePer1K").WithMessage(Money.PriceRule);
        RuleFor(x => x.Body.OutputPricePer1K).NotNull().Must(Money.IsPrice).OverridePropertyName("outputPricePer1K").WithMessage(Money.PriceRule);
        RuleFor(x => x.Body.Currency).Matches("^[A-Za-z]{3}$").When(x => x.Body.Currency is not null).OverridePropertyName("currency")
            .WithMessage("currency is a three-letter ISO 4217 code.");
        RuleFor(x => x.Body.EmbeddingDimension).InclusiveBetween(1, 16000).OverridePropertyName("embeddingDimension");
        RuleForEach(x => x.Body.Capabilities!.Keys).Must(k => ModelCapabilities.Known.Contains(k)).When(x => x.Body.Capabilities is not null)
            .OverridePropertyName("capabilities").WithMessage($"Known capabilities are: {string.Join(", ", ModelCapabilities.Known)}.");
    }
}

internal static class Money
{
    public const string PriceRule = "A price is zero or more, below 10^12, with at most 8 decimals.";

    public static bool IsPrice(decimal? value) => value is null || (value >= 0 && value < 1_000_000_000_000m && decimal.Round(value.Value, 8) == value.Value);
}

internal sealed class SaveModelHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<SaveModel, ModelDto>
{
    public async ValueTask<ModelDto> Handle(SaveModel command, CancellationToken cancellationToken)
    {
        var body = command.Body;
        Model? model = null;
        if (command.Id is { } id)
        {
            model = await db.ManageableModelAsync(user, id, cancellationToken);
        }

        var ownerId = model?.OwnerId;
        if (model is null)
        {
            var provider = await db.ManageableProviderAsync(user, body.ProviderId!.Value, cancellationToken);
            ownerId = provider.OwnerId;
        }

        if (body.FallbackChainId is { } chainId)
        {
            var chain = await db.FallbackChains.AsNoTracking().FirstOrDefaultAsync(c => c.Id == chainId && (c.OwnerId == null || c.OwnerId == user.Id), cancellationToken)
                ?? throw DomainException.Invalid("fallbackChainId", $"Fallback chain '{chainId}' was not found.");
            if (chain.OwnerId != null && ownerId == null)
            {
                throw DomainException.Invalid("fallbackChainId", "A system-level model can only use a system-level fallback chain.");
            }
        }

        var settings = new ModelSettings(body.Name!, body.Version, body.Description, EnumText.Parse<ModelType>(body.Type!), body.ContextWindow, body.MaxOutputTokens,
            body.InputPricePer1K!.Value, body.OutputPricePer1K!.Value, body.Currency ?? "USD", body.Capabilities ?? [],
            body.Status is null ? ModelStatus.Available : EnumText.Parse<ModelStatus>(body.Status), body.EmbeddingDimension, body.FallbackChainId);
        if (model is null)
        {
            model = Model.Create(body.ProviderId!.Value, ownerId, body.ModelId!, settings);
            db.Models.Add(model);
        }
        else
        {
            model.Update(settings);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ModelDto.From(model);
    }
}

internal sealed record DeleteModel(Guid Id) : ICommand;

internal sealed class DeleteModelHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<DeleteModel>
{
    public async ValueTask<Unit> Handle(DeleteModel command, CancellationToken cancellationToken)
    {
        var model = await db.ManageableModelAsync(user, command.Id, cancellationToken);
        if (await db.Profiles.AnyAsync(p => p.ModelId == model.Id, cancellationToken))
        {
            throw DomainException.Conflict("llm.model_in_use", "Profiles use this model; delete or repoint them first.");
        }

        db.Models.Remove(model);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

internal sealed record GetModel(Guid Id) : IQuery<ModelDto>;

internal sealed class GetModelHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<GetModel, ModelDto>
{
    public async ValueTask<ModelDto> Handle(GetModel query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.Id && (m.OwnerId == null || m.OwnerId == userId), cancellationToken)
            ?? throw DomainException.NotFound("Model", query.Id);
        return ModelDto.From(model);
    }
}

internal sealed record ListModels(int? Page, int? PageSize, string? Type, IReadOnlyList<string> Capabilities, string? Status, Guid? ProviderId, string? Search)
    : IQuery<PagedResult<ModelDto>>, IPagedQuery;

internal sealed class ListModelsValidator : AbstractValidator<ListModels>
{
    public ListModelsValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Type).Must(t => t is null || EnumText.IsDefined<ModelType>(t)).WithMessage($"type is one of: {string.Join(", ", EnumText.Names<ModelType>())}.");
        RuleFor(x => x.Status).Must(s => s is null || EnumText.IsDefined<ModelStatus>(s)).WithMessage($"status is one of: {string.Join(", ", EnumText.Names<ModelStatus>())}.");
        RuleForEach(x => x.Capabilities).Must(c => ModelCapabilities.Known.Contains(c)).OverridePropertyName("capability")
            .WithMessage($"capability is one of: {string.Join(", ", ModelCapabilities.Known)}.");
        RuleFor(x => x.Search).MaximumLength(100);
    }
}

internal sealed class ListModelsHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<ListModels, PagedResult<ModelDto>>
{
    public async ValueTask<PagedResult<ModelDto>> Handle(ListModels query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var models = db.Models.AsNoTracking().Where(m => m.OwnerId == null || m.OwnerId == userId);
        if (query.Type is not null)
        {
            var type = EnumText.Parse<ModelType>(query.Type);
            models = models.Where(m => m.Type == type);
        }

        if (query.Status is not null)
        {
            var status = EnumText.Parse<ModelStatus>(query.Status);
            models = models.Where(m => m.Status == status);
        }

        if (query.ProviderId is { } providerId)
        {
            models = models.Where(m => m.ProviderId == providerId);
        }

        if (query.Capabilities.Count > 0)
        {
            // jsonb containment, answered by the GIN index on capabilities.
            var wanted = JsonSerializer.Serialize(query.Capabilities.Distinct(StringComparer.Ordinal).ToDictionary(c => c, _ => true));
            models = models.Where(m => EF.Functions.JsonContains(m.Capabilities, wanted));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = Like.Contains(query.Search);
            models = models.Where(m => EF.Functions.ILike(m.ModelId, term) || EF.Functions.ILike(m.Name, term));
        }

        var page = await models.OrderBy(m => m.OwnerId != null).ThenBy(m => m.ModelId).ThenBy(m => m.Id).ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<ModelDto>([.. page.Items.Select(ModelDto.From)], page.Page, page.PageSize, page.Total);
    }
}
