using System.Text.Json;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.AuditLogs;
using AgentPlatform.Modules.Users.Domain.SystemConfigs;
using AgentPlatform.Modules.Users.Infrastructure;

namespace AgentPlatform.Modules.Users.Features.SystemConfigs;

internal sealed record SystemConfigItem(string Key, string Value, ConfigValueType ValueType, string? Description, bool IsPublic, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record ListSystemConfigs(int? Page, int? PageSize, string? Search) : IQuery<PagedResult<SystemConfigItem>>, IPagedQuery;

internal sealed record GetSystemConfig(string Key) : IQuery<SystemConfigItem>;

internal sealed record PutSystemConfigRequest(string? Value, ConfigValueType? ValueType, string? Description, bool? IsPublic);

internal sealed record PutSystemConfig(string Key, string? Value, ConfigValueType? ValueType, string? Description, bool? IsPublic) : ICommand<(SystemConfigItem Item, bool Created)>;

internal sealed record DeleteSystemConfig(string Key) : ICommand;

/// <summary>Public settings as a key-to-typed-value map, for UIs before sign-in.</summary>
internal sealed record GetPublicSystemConfigs : IQuery<IReadOnlyDictionary<string, JsonElement>>;

internal sealed class ListSystemConfigsValidator : AbstractValidator<ListSystemConfigs>
{
    public ListSystemConfigsValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Search).MaximumLength(100);
    }
}

internal sealed class PutSystemConfigValidator : AbstractValidator<PutSystemConfig>
{
    public PutSystemConfigValidator()
    {
        RuleFor(x => x.Key).NotEmpty().MaximumLength(SystemConfig.KeyMaxLength)
            .Matches("^[a-z0-9][a-z0-9_.-]*$").WithMessage("A key uses lower-case letters, digits, '_', '.' and '-'.");
        RuleFor(x => x.Value).NotNull().WithMessage("A value is required.").MaximumLength(SystemConfig.ValueMaxLength);
        RuleFor(x => x.ValueType).NotNull().WithMessage("A valueType is required: string, json, integer or boolean.");
        RuleFor(x => x.Description).MaximumLength(1000);
    }
}

internal sealed class SystemConfigsHandler(UsersDbContext db, AuditTrail audit) :
    IQueryHandler<ListSystemConfigs, PagedResult<SystemConfigItem>>,
    IQueryHandler<GetSystemConfig, SystemConfigItem>,
    IQueryHandler<GetPublicSystemConfigs, IReadOnlyDictionary<string, JsonElement>>,
    ICommandHandler<PutSystemConfig, (SystemConfigItem Item, bool Created)>,
    ICommandHandler<DeleteSystemConfig>
{
    public async ValueTask<PagedResult<SystemConfigItem>> Handle(ListSystemConfigs query, CancellationToken cancellationToken)
    {
        var configs = db.SystemConfigs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            configs = configs.Where(c => c.Key.Contains(term));
        }

        return await configs.OrderBy(c => c.Key)
            .Select(ItemProjection)
            .ToPagedResultAsync(query, cancellationToken);
    }

    public async ValueTask<SystemConfigItem> Handle(GetSystemConfig query, CancellationToken cancellationToken) =>
        ToItem(await db.SystemConfigs.AsNoTracking().SingleOrDefaultAsync(c => c.Key == query.Key, cancellationToken) ?? throw DomainException.NotFound("System config", query.Key));

    public async ValueTask<IReadOnlyDictionary<string, JsonElement>> Handle(GetPublicSystemConfigs query, CancellationToken cancellationToken)
    {
        var configs = await db.SystemConfigs.AsNoTracking().Where(c => c.IsPublic).OrderBy(c => c.Key).ToListAsync(cancellationToken);
        return configs.ToDictionary(c => c.Key, c => c.TypedValue(), StringComparer.Ordinal);
    }

    public async ValueTask<(SystemConfigItem Item, bool Created)> Handle(PutSystemConfig command, CancellationToken cancellationToken)
    {
        var config = await db.SystemConfigs.SingleOrDefaultAsync(c => c.Key == command.Key, cancellationToken);
        var created = config is null;
        if (config is null)
        {
            config = SystemConfig.Create(command.Key, command.Value!, command.ValueType!.Value, command.Description, command.IsPublic ?? false);
            db.SystemConfigs.Add(config);
        }
        else
        {
            config.Update(command.Value!, command.ValueType!.Value, command.Description ?? config.Description, command.IsPublic ?? config.IsPublic);
        }

        audit.Record(AuditActions.SystemConfigChanged, "system_config", config.Key, new { config.ValueType, config.IsPublic, created });
        await db.SaveChangesAsync(cancellationToken);
        return (ToItem(config), created);
    }

    public async ValueTask<Unit> Handle(DeleteSystemConfig command, CancellationToken cancellationToken)
    {
        var config = await db.SystemConfigs.SingleOrDefaultAsync(c => c.Key == command.Key, cancellationToken) ?? throw DomainException.NotFound("System config", command.Key);
        db.SystemConfigs.Remove(config);
        audit.Record(AuditActions.SystemConfigDeleted, "system_config", config.Key);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    private static readonly System.Linq.Expressions.Expression<Func<SystemConfig, SystemConfigItem>> ItemProjection =
        c => new SystemConfigItem(c.Key, c.Value, c.ValueType, c.Description, c.IsPublic, c.CreatedAt, c.UpdatedAt);

    private static readonly Func<SystemConfig, SystemConfigItem> ToItem = ItemProjection.Compile();
}
