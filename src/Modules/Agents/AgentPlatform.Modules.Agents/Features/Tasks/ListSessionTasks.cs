using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Tasks;

namespace AgentPlatform.Modules.Agents.Features.Tasks;

/// <summary>Every task tree of a session.</summary>
internal sealed record ListSessionTasks(Guid? SessionId) : IQuery<IReadOnlyList<TaskNode>>;

internal sealed class ListSessionTasksValidator : AbstractValidator<ListSessionTasks>
{
    public ListSessionTasksValidator() => RuleFor(x => x.SessionId).NotNull().NotEqual(Guid.Empty).WithMessage("sessionId is required.");
}

internal sealed class ListSessionTasksHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<ListSessionTasks, IReadOnlyList<TaskNode>>
{
    public async ValueTask<IReadOnlyList<TaskNode>> Handle(ListSessionTasks query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        List<AgentTask> tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.UserId == userId && t.SessionId == query.SessionId)
            .OrderBy(t => t.CreatedAt)
            .Take(10_000)
            .ToListAsync(cancellationToken);
        return TaskViews.ToTrees(tasks);
    }
}
