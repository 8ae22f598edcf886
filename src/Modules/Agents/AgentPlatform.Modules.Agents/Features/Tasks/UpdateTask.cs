using System.Text.Json;
using System.Text.Json.Serialization;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Tasks;

namespace AgentPlatform.Modules.Agents.Features.Tasks;

/// <summary>
/// Reports on a task: a new status (legal transitions only), progress, result, output, error and an event
/// message. Absent fields stay as they are.
/// </summary>
internal sealed record UpdateTask : ICommand<TaskView>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    public string? Status { get; init; }

    public int? Progress { get; init; }

    public string? Result { get; init; }

    public string? Error { get; init; }

    public JsonElement? Output { get; init; }

    public string? Event { get; init; }
}

internal sealed class UpdateTaskValidator : AbstractValidator<UpdateTask>
{
    public UpdateTaskValidator()
    {
        RuleFor(x => x.Status).Must(EnumText.IsDefined<AgentTaskStatus>).When(x => x.Status is not null)
            .WithMessage($"status is one of: {string.Join(", ", EnumText.Names<AgentTaskStatus>())}.");
        RuleFor(x => x.Progress).InclusiveBetween(0, 100).WithMessage("progress is between 0 and 100.");
        RuleFor(x => x.Result).MaximumLength(100_000);
        RuleFor(x => x.Error).MaximumLength(10_000);
        RuleFor(x => x.Event).MaximumLength(AgentTask.EventMaxLength);
        RuleFor(x => x.Output).Must(o => o is null || o.Value.GetRawText().Length <= CreateTaskValidator.JsonMaxLength).WithMessage("output is at most 256 KB of JSON.");
    }
}

internal sealed class UpdateTaskHandler(AgentsDbContext db, ICurrentUser currentUser, TimeProvider clock) : ICommandHandler<UpdateTask, TaskView>
{
    public async ValueTask<TaskView> Handle(UpdateTask command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == command.Id && t.UserId == userId, cancellationToken)
            ?? throw DomainException.NotFound("Task", command.Id);
        var now = clock.GetUtcNow();

        // Progress first: a final report ("completed") may carry its last progress value.
        if (command.Progress is { } progress && progress != task.Progress)
        {
            task.ReportProgress(progress);
        }

        if (command.Status is not null)
        {
            task.MoveTo(EnumText.Parse<AgentTaskStatus>(command.Status), now);
        }

        var output = command.Output is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json ? json.GetRawText() : null;
        task.SetOutcome(command.Result, output, command.Error);
        if (!string.IsNullOrWhiteSpace(command.Event))
        {
            task.Record(command.Event.Trim(), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return task.ToView();
    }
}
