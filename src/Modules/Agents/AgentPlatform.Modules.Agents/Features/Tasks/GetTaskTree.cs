using AgentPlatform.BuildingBlocks.Application;

namespace AgentPlatform.Modules.Agents.Features.Tasks;

/// <summary>A task with all its descendants, read in one query (recursive CTE, seed 004 §4.4).</summary>
internal sealed record GetTaskTree(Guid Id) : IQuery<TaskNode>;

internal sealed class GetTaskTreeHandler(AgentsDbContext db, ICurrentUser currentUser) : IQueryHandler<GetTaskTree, TaskNode>
{
    public async ValueTask<TaskNode> Handle(GetTaskTree query, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;

        // The user filter sits on the anchor and on every step: a tree never leaves its owner.
        var tasks = await db.Tasks.FromSql($"""
            WITH RECURSIVE tree AS (
                SELECT * FROM agents.agent_tasks WHERE id = {query.Id} AND user_id = {userId}
                UNION ALL
                SELECT child.* FROM agents.agent_tasks child JOIN tree ON child.parent_task_id = tree.id
                WHERE child.user_id = {userId}
            )
            SELECT * FROM tree
            """).AsNoTracking().ToListAsync(cancellationToken);
        var root = tasks.Find(t => t.Id == query.Id) ?? throw DomainException.NotFound("Task", query.Id);
        return TaskViews.ToTrees(tasks).Single(n => n.Task.Id == root.Id);
    }
}
