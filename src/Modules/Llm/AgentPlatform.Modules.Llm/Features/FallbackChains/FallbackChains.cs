using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Features.Shared;

namespace AgentPlatform.Modules.Llm.Features.FallbackChains;

internal sealed record FallbackChainDto(Guid Id, string Name, string? Description, IReadOnlyList<Guid> ModelIds, string Scope, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static FallbackChainDto From(FallbackChain c) => new(c.Id, c.Name, c.Description, c.ModelIds, LlmAccess.ScopeOf(c.OwnerId), c.CreatedAt, c.UpdatedAt);
}

internal sealed record FallbackChainRequest(string? Name, string? Description, IReadOnlyList<Guid>? ModelIds);

/// <summary>Adds a chain (no <see cref="Id"/>) or replaces one.</summary>
internal sealed record SaveFallbackChain(Guid? Id, FallbackChainRequest Body) : ICommand<FallbackChainDto>;

internal sealed class SaveFallbackChainValidator : AbstractValidator<SaveFallbackChain>
{
    public SaveFallbackChainValidator()
    {
        RuleFor(x => x.Body.Name).NotEmpty().MaximumLength(100).OverridePropertyName("name");
        RuleFor(x => x.Body.Description).MaximumLength(2000).OverridePropertyName("description");
        RuleFor(x => x.Body.ModelIds).Cascade(CascadeMode.Stop).NotEmpty().OverridePropertyName("modelIds")
            .Must(ids => ids!.Count <= FallbackChain.MaxModels).WithMessage($"A fallback chain lists 1 to {FallbackChain.MaxModels} models.")
            .Must(ids => ids!.Distinct().Count() == ids!.Count).WithMessage("A model appears in the chain only once.");
    }
}

internal sealed class SaveFallbackChainHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<SaveFallbackChain, FallbackChainDto>
{
    public async ValueTask<FallbackChainDto> Handle(SaveFallbackChain command, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        FallbackChain? chain = null;
        if (command.Id is { } id)
        {
            chain = await db.ManageableChainAsync(user, id, cancellationToken);
        }

        var ownerId = chain is null ? user.NewOwner() : chain.OwnerId;
        var modelIds = command.Body.ModelIds!;

        // A system chain may only name system models; a user's chain, system models and the user's own.
        var found = await db.Models.Where(m => modelIds.Contains(m.Id) && (m.OwnerId == null || m.OwnerId == ownerId)).Select(m => m.Id).ToListAsync(cancellationToken);
        var missing = modelIds.Except(found).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Invalid("modelIds", $"Unknown model(s): {string.Join(", ", missing)}.");
        }

        if (chain is null)
        {
            chain = FallbackChain.Create(ownerId, command.Body.Name!, command.Body.Description, modelIds);
            db.FallbackChains.Add(chain);
        }
        else
        {
            chain.Update(command.Body.Name!, command.Body.Description, modelIds);
        }

        await db.SaveChangesAsync(cancellationToken);
        return FallbackChainDto.From(chain);
    }
}

internal sealed record DeleteFallbackChain(Guid Id) : ICommand;

internal sealed class DeleteFallbackChainHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<DeleteFallbackChain>
{
    public async ValueTask<Unit> Handle(DeleteFallbackChain command, CancellationToken cancellationToken)
    {
        var chain = await db.ManageableChainAsync(user, command.Id, cancellationToken);
        db.FallbackChains.Remove(chain);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

internal sealed record ListFallbackChains : IQuery<IReadOnlyList<FallbackChainDto>>;

internal sealed class ListFallbackChainsHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<ListFallbackChains, IReadOnlyList<FallbackChainDto>>
{
    public async ValueTask<IReadOnlyList<FallbackChainDto>> Handle(ListFallbackChains query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var chains = await db.FallbackChains.AsNoTracking().Where(c => c.OwnerId == null || c.OwnerId == userId).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. chains.Select(FallbackChainDto.From)];
    }
}

internal sealed record GetFallbackChain(Guid Id) : IQuery<FallbackChainDto>;

internal sealed class GetFallbackChainHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<GetFallbackChain, FallbackChainDto>
{
    public async ValueTask<FallbackChainDto> Handle(GetFallbackChain query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var chain = await db.FallbackChains.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.Id && (c.OwnerId == null || c.OwnerId == userId), cancellationToken)
            ?? throw DomainException.NotFound("Fallback chain", query.Id);
        return FallbackChainDto.From(chain);
    }
}
