using System.Text.Json;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Tasks;

namespace AgentPlatform.Modules.Agents.Features.Tasks;

internal sealed record TaskView(
    Guid Id,
    Guid SessionId,
    Guid? AgentId,
    Guid? ParentTaskId,
    string Name,
    string? Description,
    string Status,
    int Progress,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    string? Result,
    string? Error,
    int RetryCount,
    JsonElement? Input,
    JsonElement? Output,
    IReadOnlyList<TaskEvent> Events,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A task with its subtasks, recursively.</summary>
internal sealed record TaskNode(TaskView Task, IReadOnlyList<TaskNode> Children);

internal static class TaskViews
{
    public static TaskView ToView(this AgentTask task) => new(
        task.Id,
        task.SessionId,
        task.AgentId,
        task.ParentTaskId,
        task.Name,
        task.Description,
        EnumText.Of(task.Status),
        task.Progress,
        task.StartedAt,
        task.EndedAt,
        task.Result,
        task.Error,
        task.RetryCount,
        Json(task.Input),
        Json(task.Output),
        task.Events,
        task.CreatedAt,
        task.UpdatedAt);

    /// <summary>Builds the trees of a flat list (children in creation order); the roots are the tasks whose parent is not in the list.</summary>
    public static List<TaskNode> ToTrees(IReadOnlyCollection<AgentTask> tasks)
    {
        var ids = tasks.Select(t => t.Id).ToHashSet();
        var children = tasks.Where(t => t.ParentTaskId is { } p && ids.Contains(p)).ToLookup(t => t.ParentTaskId!.Value);
        TaskNode Build(AgentTask task) => new(task.ToView(), [.. children[task.Id].OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(Build)]);
        return [.. tasks.Where(t => t.ParentTaskId is null || !ids.Contains(t.ParentTaskId.Value)).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Select(Build)];
    }

    public static bool IsJson(string? text)
    {
        if (text is null)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
