using System.Text.Json;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Modules.Agents.Features.Shared;

/// <summary>An agent's draft as its owner sees it; <c>version</c> is the concurrency token (also the ETag).</summary>
internal sealed record AgentView(
    Guid Id,
    string Name,
    string? Avatar,
    string? Description,
    string? SystemPrompt,
    string? WelcomeMessage,
    IReadOnlyList<Guid> ToolIds,
    IReadOnlyList<Guid> KnowledgeBaseIds,
    JsonElement ToolPresetParams,
    bool MultiModal,
    ModelSettings Model,
    string AgentMode,
    bool Enabled,
    Guid? PublishedVersionId,
    string? LatestVersionNumber,
    uint Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A version without its content: for lists and review.</summary>
internal sealed record VersionView(
    Guid Id,
    Guid AgentId,
    string VersionNumber,
    string Name,
    string? ChangeLog,
    string PublishStatus,
    string? RejectReason,
    DateTimeOffset? ReviewTime,
    DateTimeOffset? PublishedAt,
    DateTimeOffset CreatedAt,
    bool IsLive);

/// <summary>A version with its (immutable) content.</summary>
internal sealed record VersionDetailView(
    VersionView Version,
    string? Avatar,
    string? Description,
    string? SystemPrompt,
    string? WelcomeMessage,
    IReadOnlyList<Guid> ToolIds,
    IReadOnlyList<Guid> KnowledgeBaseIds,
    JsonElement ToolPresetParams,
    bool MultiModal,
    ModelSettings Model,
    string AgentMode);

internal static class AgentViews
{
    public static AgentView ToView(this Agent agent) => new(
        agent.Id,
        agent.Name,
        agent.Avatar,
        agent.Description,
        agent.SystemPrompt,
        agent.WelcomeMessage,
        agent.ToolIds,
        agent.KnowledgeBaseIds,
        Json(agent.ToolPresetParameters),
        agent.MultiModal,
        agent.Model,
        EnumText.Of(agent.Mode),
        agent.Enabled,
        agent.PublishedVersionId,
        agent.LatestVersionNumber,
        agent.Version,
        agent.CreatedAt,
        agent.UpdatedAt);

    public static VersionView ToView(this AgentVersion version, Guid? liveVersionId) => new(
        version.Id,
        version.AgentId,
        version.VersionNumber,
        version.Name,
        version.ChangeLog,
        EnumText.Of(version.Status),
        version.RejectReason,
        version.ReviewedAt,
        version.PublishedAt,
        version.CreatedAt,
        version.Id == liveVersionId);

    public static VersionDetailView ToDetailView(this AgentVersion version, Guid? liveVersionId) => new(
        version.ToView(liveVersionId),
        version.Avatar,
        version.Description,
        version.SystemPrompt,
        version.WelcomeMessage,
        version.ToolIds,
        version.KnowledgeBaseIds,
        Json(version.ToolPresetParameters),
        version.MultiModal,
        version.Model,
        EnumText.Of(version.Mode));

    public static string ETag(uint version) => $"\"{version}\"";

    public static IResult WithETag<T>(T body, uint version, HttpContext http)
    {
        http.Response.Headers.ETag = ETag(version);
        return TypedResults.Ok(body);
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

internal static class AgentLookup
{
    /// <summary>The caller's own agent, tracked; anyone else's is reported as missing.</summary>
    public static async Task<Agent> OwnedAgentAsync(this AgentsDbContext db, Guid agentId, Guid userId, CancellationToken cancellationToken) =>
        await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId && a.UserId == userId, cancellationToken)
        ?? throw DomainException.NotFound("Agent", agentId);
}
