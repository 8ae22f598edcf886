using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Providers;
using AgentPlatform.Modules.Llm.Features.Shared;

namespace AgentPlatform.Modules.Llm.Features.Providers;

internal sealed record ProviderDto(Guid Id, string Name, string Type, string? Description, bool IsActive, JsonElement Metadata, string Scope, Guid? OwnerId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProviderDto From(Provider p) =>
        new(p.Id, p.Name, p.Type, p.Description, p.IsActive, LlmAccess.ParseObject(p.Metadata), LlmAccess.ScopeOf(p.OwnerId), p.OwnerId, p.CreatedAt, p.UpdatedAt);
}

internal sealed record ProviderRequest(string? Name, string? Type, string? Description, bool? IsActive, JsonElement? Metadata);

internal interface IProviderFields
{
    string? Name { get; }

    string? Description { get; }
}

internal static class ProviderRules
{
    public static void AddProviderRules<T>(this AbstractValidator<T> validator)
        where T : IProviderFields
    {
        validator.RuleFor(x => x.Name).NotEmpty().MaximumLength(Provider.NameMaxLength);
        validator.RuleFor(x => x.Description).MaximumLength(2000);
    }
}

internal sealed record CreateProvider(string? Name, string? Type, string? Description, bool? IsActive, JsonElement? Metadata) : ICommand<ProviderDto>, IProviderFields;

internal sealed class CreateProviderValidator : AbstractValidator<CreateProvider>
{
    public CreateProviderValidator()
    {
        this.AddProviderRules();
        RuleFor(x => x.Type).NotEmpty().Must(t => ProviderTypes.All.Contains(t)).WithMessage($"type is one of: {string.Join(", ", ProviderTypes.All)}.");
    }
}

internal sealed class CreateProviderHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<CreateProvider, ProviderDto>
{
    public async ValueTask<ProviderDto> Handle(CreateProvider command, CancellationToken cancellationToken)
    {
        var provider = Provider.Create(user.NewOwner(), command.Name!, command.Type!, command.Description, command.IsActive ?? true, LlmAccess.ObjectText(command.Metadata, "metadata"));
        db.Providers.Add(provider);
        await db.SaveChangesAsync(cancellationToken);
        return ProviderDto.From(provider);
    }
}

internal sealed record UpdateProvider(Guid Id, string? Name, string? Type, string? Description, bool? IsActive, JsonElement? Metadata) : ICommand<ProviderDto>, IProviderFields
{
    public static UpdateProvider From(Guid id, ProviderRequest body) => new(id, body.Name, body.Type, body.Description, body.IsActive, body.Metadata);
}

internal sealed class UpdateProviderValidator : AbstractValidator<UpdateProvider>
{
    public UpdateProviderValidator() => this.AddProviderRules();
}

internal sealed class UpdateProviderHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<UpdateProvider, ProviderDto>
{
    public async ValueTask<ProviderDto> Handle(UpdateProvider command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.Id, cancellationToken);
        if (command.Type is not null && command.Type != provider.Type)
        {
            throw DomainException.Invalid("type", "A provider's type cannot change; create another provider.");
        }

        provider.Update(command.Name!, command.Description, command.IsActive ?? provider.IsActive, LlmAccess.ObjectText(command.Metadata, "metadata") ?? provider.Metadata);
        await db.SaveChangesAsync(cancellationToken);
        return ProviderDto.From(provider);
    }
}

internal sealed record DeleteProvider(Guid Id) : ICommand;

internal sealed class DeleteProviderHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<DeleteProvider>
{
    public async ValueTask<Unit> Handle(DeleteProvider command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.Id, cancellationToken);
        var models = await db.Models.Where(m => m.ProviderId == provider.Id).ToListAsync(cancellationToken);
        var modelIds = models.Select(m => m.Id).ToList();
        if (await db.Profiles.AnyAsync(p => modelIds.Contains(p.ModelId), cancellationToken))
        {
            throw DomainException.Conflict("llm.provider_in_use", "Profiles use models of this provider; delete or repoint them first.");
        }

        db.Models.RemoveRange(models);
        db.Providers.Remove(provider);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

internal sealed record GetProvider(Guid Id) : IQuery<ProviderDto>;

internal sealed class GetProviderHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<GetProvider, ProviderDto>
{
    public async ValueTask<ProviderDto> Handle(GetProvider query, CancellationToken cancellationToken) =>
        ProviderDto.From(await db.VisibleProviderAsync(user, query.Id, cancellationToken));
}

internal sealed record ListProviders(int? Page, int? PageSize, string? Type) : IQuery<PagedResult<ProviderDto>>, IPagedQuery;

internal sealed class ListProvidersValidator : AbstractValidator<ListProviders>
{
    public ListProvidersValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Type).Must(t => t is null || ProviderTypes.All.Contains(t)).WithMessage($"type is one of: {string.Join(", ", ProviderTypes.All)}.");
    }
}

internal sealed class ListProvidersHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<ListProviders, PagedResult<ProviderDto>>
{
    public async ValueTask<PagedResult<ProviderDto>> Handle(ListProviders query, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var providers = db.Providers.AsNoTracking().Where(p => p.OwnerId == null || p.OwnerId == userId);
        if (query.Type is not null)
        {
            providers = providers.Where(p => p.Type == query.Type);
        }

        var page = await providers.OrderBy(p => p.OwnerId != null).ThenBy(p => p.Name).ToPagedResultAsync(query, cancellationToken);
        return new PagedResult<ProviderDto>([.. page.Items.Select(ProviderDto.From)], page.Page, page.PageSize, page.Total);
    }
}
