using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Llm.Domain.Providers;
using AgentPlatform.Modules.Llm.Features.Shared;

namespace AgentPlatform.Modules.Llm.Features.Providers;

internal sealed record EndpointDto(Guid Id, Guid ProviderId, string Name, string BaseUrl, string? ApiVersion, string? Region, int ConnectTimeoutSeconds, int ReadTimeoutSeconds, int RetryCount, bool IsDefault, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static EndpointDto From(ProviderEndpoint e) =>
        new(e.Id, e.ProviderId, e.Name, e.BaseUrl, e.ApiVersion, e.Region, e.ConnectTimeoutSeconds, e.ReadTimeoutSeconds, e.RetryCount, e.IsDefault, e.IsActive, e.CreatedAt, e.UpdatedAt);
}

internal sealed record EndpointRequest(string? Name, string? BaseUrl, string? ApiVersion, string? Region, int? ConnectTimeoutSeconds, int? ReadTimeoutSeconds, int? RetryCount, bool? IsDefault, bool? IsActive);

/// <summary>Adds (no <see cref="EndpointId"/>) or replaces an endpoint of a provider.</summary>
internal sealed record SaveEndpoint(Guid ProviderId, Guid? EndpointId, string? Name, string? BaseUrl, string? ApiVersion, string? Region, int? ConnectTimeoutSeconds, int? ReadTimeoutSeconds, int? RetryCount, bool? IsDefault, bool? IsActive)
    : ICommand<EndpointDto>
{
    public static SaveEndpoint From(Guid providerId, Guid? endpointId, EndpointRequest b) =>
        new(providerId, endpointId, b.Name, b.BaseUrl, b.ApiVersion, b.Region, b.ConnectTimeoutSeconds, b.ReadTimeoutSeconds, b.RetryCount, b.IsDefault, b.IsActive);
}

internal sealed class SaveEndpointValidator : AbstractValidator<SaveEndpoint>
{
    public SaveEndpointValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ProviderEndpoint.NameMaxLength);
        RuleFor(x => x.BaseUrl).NotEmpty().MaximumLength(ProviderEndpoint.UrlMaxLength)
            .Must(ProviderEndpoint.IsHttpUrl).WithMessage("baseUrl must be an absolute http or https URL.");
        RuleFor(x => x.ApiVersion).MaximumLength(50);
        RuleFor(x => x.Region).MaximumLength(50);
        RuleFor(x => x.ConnectTimeoutSeconds).InclusiveBetween(1, 600);
        RuleFor(x => x.ReadTimeoutSeconds).InclusiveBetween(1, 3600);
        RuleFor(x => x.RetryCount).InclusiveBetween(0, 10);
    }
}

internal sealed class SaveEndpointHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<SaveEndpoint, EndpointDto>
{
    public async ValueTask<EndpointDto> Handle(SaveEndpoint command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.ProviderId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var others = await db.Endpoints.Where(e => e.ProviderId == provider.Id).ToListAsync(cancellationToken);
        var endpoint = command.EndpointId is { } id
            ? others.FirstOrDefault(e => e.Id == id) ?? throw DomainException.NotFound("Endpoint", id)
            : null;

        // The first endpoint of a provider is its default; a new default replaces the old one.
        var isDefault = command.IsDefault ?? (endpoint?.IsDefault ?? others.Count == 0);
        var settings = new EndpointSettings(command.Name!, command.BaseUrl!, command.ApiVersion, command.Region,
            command.ConnectTimeoutSeconds ?? 10, command.ReadTimeoutSeconds ?? 60, command.RetryCount ?? 2, isDefault, command.IsActive ?? true);
        if (isDefault)
        {
            foreach (var other in others.Where(e => e.Id != command.EndpointId && e.IsDefault))
            {
                other.ClearDefault();
            }

            // Clear the old default before the new one is written, or the one-default index objects (one transaction).
            await db.SaveChangesAsync(cancellationToken);
        }

        if (endpoint is null)
        {
            endpoint = ProviderEndpoint.Create(provider.Id, settings);
            db.Endpoints.Add(endpoint);
        }
        else
        {
            endpoint.Update(settings);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EndpointDto.From(endpoint);
    }
}

internal sealed record ListEndpoints(Guid ProviderId) : IQuery<IReadOnlyList<EndpointDto>>;

internal sealed class ListEndpointsHandler(LlmDbContext db, ICurrentUser user) : IQueryHandler<ListEndpoints, IReadOnlyList<EndpointDto>>
{
    public async ValueTask<IReadOnlyList<EndpointDto>> Handle(ListEndpoints query, CancellationToken cancellationToken)
    {
        var provider = await db.VisibleProviderAsync(user, query.ProviderId, cancellationToken);
        var endpoints = await db.Endpoints.AsNoTracking().Where(e => e.ProviderId == provider.Id).OrderByDescending(e => e.IsDefault).ThenBy(e => e.Name).ToListAsync(cancellationToken);
        return [.. endpoints.Select(EndpointDto.From)];
    }
}

internal sealed record DeleteEndpoint(Guid ProviderId, Guid EndpointId) : ICommand;

internal sealed class DeleteEndpointHandler(LlmDbContext db, ICurrentUser user) : ICommandHandler<DeleteEndpoint>
{
    public async ValueTask<Unit> Handle(DeleteEndpoint command, CancellationToken cancellationToken)
    {
        var provider = await db.ManageableProviderAsync(user, command.ProviderId, cancellationToken);
        var endpoint = await db.Endpoints.FirstOrDefaultAsync(e => e.Id == command.EndpointId && e.ProviderId == provider.Id, cancellationToken)
            ?? throw DomainException.NotFound("Endpoint", command.EndpointId);
        db.Endpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
