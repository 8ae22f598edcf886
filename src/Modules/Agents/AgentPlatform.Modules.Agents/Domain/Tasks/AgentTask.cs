namespace AgentPlatform.Modules.Agents.Domain.Tasks;

/// <summary>Task states (seed 003 tasks, with 004's and 001's).</summary>
internal enum AgentTaskStatus
{
    Pending,
    Running,
    Paused,
    Completed,
    Failed,
    Stopped,
}

/// <summary>Something that happened to a task, with its time (seed 001 <c>TaskEvent</c>).</summary>
internal sealed record TaskEvent(DateTimeOffset At, string Message);

/// <summary>
/// A node of a session's task tree (seed 004 §4.4 merged with 001 and 003 tasks). Only legal status
/// transitions happen: completed and stopped are final; a failed task may be retried (back to running).
/// </summary>
internal sealed class AgentTask : Entity, IAuditable
{
    public const int NameMaxLength = 255;
    public const int MaxEvents = 1000;
    public const int EventMaxLength = 2000;

    private static readonly Dictionary<AgentTaskStatus, AgentTaskStatus[]> Transitions = new()
    {
        [AgentTaskStatus.Pending] = [AgentTaskStatus.Running, AgentTaskStatus.Stopped],
        [AgentTaskStatus.Running] = [AgentTaskStatus.Paused, AgentTaskStatus.Completed, AgentTaskStatus.Failed, AgentTaskStatus.Stopped],
        [AgentTaskStatus.Paused] = [AgentTaskStatus.Running, AgentTaskStatus.Stopped],
        [AgentTaskStatus.Failed] = [AgentTaskStatus.Running, AgentTaskStatus.Stopped],
        [AgentTaskStatus.Completed] = [],
        [AgentTaskStatus.Stopped] = [],
    };

    private List<TaskEvent> _events = [];

    private AgentTask()
    {
    }

    public Guid UserId { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid? AgentId { get; private set; }

    public Guid? ParentTaskId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public AgentTaskStatus Status { get; private set; }

    public int Progress { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public string? Result { get; private set; }

    public string? Error { get; private set; }

    public int RetryCount { get; private set; }

    public string? Input { get; private set; }

    public string? Output { get; private set; }

    public IReadOnlyList<TaskEvent> Events
    {
        get => _events;
        private set => _events = [.. value];
    }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsFinal => Transitions[Status].Length == 0;

    public static AgentTask Create(Guid userId, Guid sessionId, Guid? agentId, AgentTask? parent, string name, string? description, string? input, DateTimeOffset now)
    {
        if (parent is not null && (parent.UserId != userId || parent.SessionId != sessionId))
        {
            throw DomainException.Invalid("parentTaskId", "The parent task belongs to another session.");
        }

        var task = new AgentTask
        {
            UserId = userId,
            SessionId = sessionId,
            AgentId = agentId,
            ParentTaskId = parent?.Id,
            Name = name.Trim(),
            Description = description,
            Input = input,
            Status = AgentTaskStatus.Pending,
        };
        task.Record("created", now);
        return task;
    }

    public static bool CanMove(AgentTaskStatus from, AgentTaskStatus to) => Transitions[from].Contains(to);

    public void MoveTo(AgentTaskStatus next, DateTimeOffset now)
    {
        if (next == Status)
        {
            return;
        }

        if (!CanMove(Status, next))
        {
            throw DomainException.Conflict(
                "agents.illegal_task_transition",
                $"A {Status.ToString().ToLowerInvariant()} task cannot become {next.ToString().ToLowerInvariant()}.");
        }

        if (Status == AgentTaskStatus.Failed && next == AgentTaskStatus.Running)
        {
            RetryCount++;
            EndedAt = null;
            Error = null;
        }

        if (next == AgentTaskStatus.Running)
        {
            StartedAt ??= now;
        }

        if (next == AgentTaskStatus.Completed)
        {
            Progress = 100;
        }

        if (next is AgentTaskStatus.Completed or AgentTaskStatus.Failed or AgentTaskStatus.Stopped)
        {
            EndedAt = now;
        }

        Record($"status: {next.ToString().ToLowerInvariant()}", now);
        Status = next;
    }

    public void ReportProgress(int progress)
    {
        if (IsFinal)
        {
            throw DomainException.Conflict("agents.task_final", $"The task is {Status.ToString().ToLowerInvariant()}; its progress no longer changes.");
        }

        if (progress is < 0 or > 100)
        {
            throw DomainException.Invalid("progress", "Progress is between 0 and 100.");
        }

        Progress = progress;
    }

    public void SetOutcome(string? result, string? output, string? error)
    {
        Result = result ?? Result;
        Output = output ?? Output;
        Error = error ?? Error;
    }

    public void Record(string message, DateTimeOffset now)
    {
        // The oldest events go first: a task retried for days must not grow without bound.
        if (_events.Count >= MaxEvents)
        {
            _events.RemoveAt(0);
        }

        _events = [.. _events, new TaskEvent(now, message)];
    }
}
