using System.Text.Json;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Users.Features.AuditLogs;

internal sealed record AuditLogItem(Guid Id, Guid? ActorUserId, string Action, string? TargetType, string? TargetId, string? IpAddress, JsonElement? Payload, DateTimeOffset CreatedAt);

internal sealed record ListAuditLogs(
    int? Page, int? PageSize, Guid? ActorUserId, string? Action, string? TargetType, string? TargetId, DateTimeOffset? From, DateTimeOffset? To)
    : IQuery<PagedResult<AuditLogItem>>, IPagedQuery;

internal sealed class ListAuditLogsValidator : AbstractValidator<ListAuditLogs>
{
    public ListAuditLogsValidator()
    {
        this.ValidatePaging();
        RuleFor(x => x.Action).MaximumLength(64);
        RuleFor(x => x.TargetType).MaximumLength(64);
        RuleFor(x => x.TargetId).MaximumLength(100);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("'to' must not be before 'from'.");
    }
}

internal sealed class ListAuditLogsHandler(UsersDbContext db) : IQueryHandler<ListAuditLogs, PagedResult<AuditLogItem>>
{
    public async ValueTask<PagedResult<AuditLogItem>> Handle(ListAuditLogs query, CancellationToken cancellationToken)
    {
        var logs = db.AuditLogs.AsNoTracking();
        if (query.ActorUserId is { } actor)
        {
            logs = logs.Where(l => l.ActorUserId == actor);
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            logs = logs.Where(l => l.Action == query.Action);
        }

        if (!string.IsNullOrEmpty(query.TargetType))
        {
            logs = logs.Where(l => l.TargetType == query.TargetType);
        }

        if (!string.IsNullOrEmpty(query.TargetId))
        {
            logs = logs.Where(l => l.TargetId == query.TargetId);
        }

        if (query.From is { } from)
        {
            logs = logs.Where(l => l.CreatedAt >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            logs = logs.Where(l => l.CreatedAt <= to.ToUniversalTime());
        }

        var page = await logs.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).ToPagedResultAsync(query, cancellationToken);
        var items = page.Items.Select(l => new AuditLogItem(
            l.Id, l.ActorUserId, l.Action, l.TargetType, l.TargetId, l.IpAddress, l.Payload is null ? null : JsonDocument.Parse(l.Payload).RootElement.Clone(), l.CreatedAt)).ToList();
        return new PagedResult<AuditLogItem>(items, page.Page, page.PageSize, page.Total);
    }
}

internal static class AuditLogEndpoints
{
    public static void Map(RouteGroupBuilder logs) =>
        logs.MapGet("/", async (int? page, int? pageSize, Guid? actorUserId, string? action, string? targetType, string? targetId, DateTimeOffset? from, DateTimeOffset? to, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListAuditLogs(page, pageSize, actorUserId, action, targetType, targetId, from, to), ct)))
            .WithName("AdminListAuditLogs")
            .WithSummary("Audit entries, newest first, filtered by actor, action, target and time.")
            .Produces<PagedResult<AuditLogItem>>()
            .ProducesProblems(400, 401, 403);
}
