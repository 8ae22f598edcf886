using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Tasks;

namespace AgentPlatform.Modules.Agents.Features.Tasks;

/// <summary>Adds a task to a session's tree (a root when no parent is given); it starts pending.</summary>
internal sealed record CreateTask(Guid? SessionId, Guid? ParentTaskId, Guid? AgentId, string? Name, string? Description, JsonElement? Input) : ICommand<TaskView>;

internal sealed class CreateTaskValidator : AbstractValidator<CreateTask>
{
    public const int JsonMaxLength = 256 * 1024;

    public CreateTaskValidator()
    {
        RuleFor(x => x.SessionId).NotNull().NotEqual(Guid.Empty).WithMessage("sessionId is required.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(AgentTask.NameMaxLength);
        RuleFor(x => x.Description).MaximumLength(10_000);
        RuleFor(x => x.Input).Must(i => i is null || i.Value.GetRawText().Length <= JsonMaxLength).WithMessage("input is at most 256 KB of JSON.");
    }
}

internal sealed class CreateTaskHandler(AgentsDbContext db, ICurrentUser currentUser, TimeProvider clock) : ICommandHandler<CreateTask, TaskView>
{
    public async ValueTask<TaskView> Handle(CreateTask command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        AgentTask? parent = null;
        if (command.ParentTaskId is { } parentId)
        {
            parent = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == parentId && t.UserId == userId, cancellationToken)
                ?? throw DomainException.NotFound("Task", parentId);
        }

        var input = command.Input is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json ? json.GetRawText() : null;
        var task = AgentTask.Create(userId, command.SessionId!.Value, command.AgentId, parent, command.Name!, command.Description, input, clock.GetUtcNow());
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        return task.ToView();
    }
}
