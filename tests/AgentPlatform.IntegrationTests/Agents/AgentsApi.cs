using System.Text.Json;

namespace AgentPlatform.IntegrationTests.Agents;

public sealed record AgentDto(
    Guid Id,
    string Name,
    string? Description,
    string? SystemPrompt,
    List<Guid> ToolIds,
    List<Guid> KnowledgeBaseIds,
    JsonElement ToolPresetParams,
    bool MultiModal,
    ModelDto Model,
    string AgentMode,
    bool Enabled,
    Guid? PublishedVersionId,
    string? LatestVersionNumber,
    uint Version);

public sealed record ModelDto(Guid? ModelId, Guid? ProfileId, decimal? Temperature, int? MaxTokens, decimal? TopP);

public sealed record VersionDto(Guid Id, Guid AgentId, string VersionNumber, string Name, string? ChangeLog, string PublishStatus, string? RejectReason, bool IsLive);

public sealed record MarketplaceDto(Guid AgentId, Guid VersionId, string VersionNumber, string Name, string? Description, Guid OwnerId);

public sealed record WorkspaceDto(Guid AgentId, string Name, string? VersionNumber, bool IsOwner, ModelDto? ModelOverride);

/// <summary>Calls of the Agents API shared by its test classes.</summary>
public static class AgentsApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AgentDto> CreateAgentAsync(this HttpClient client, string? name = null, string? description = null, object? model = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/agents", new
        {
            name = name ?? "agent-" + Guid.NewGuid().ToString("N")[..8],
            description = description ?? "helps with things",
            systemPrompt = "You are helpful.",
            toolIds = new[] { Guid.CreateVersion7() },
            toolPresetParams = new { weather = new { default_city = "北京" } },
            model = model ?? new { temperature = 0.7, maxTokens = 2000 },
            agentMode = "thinking",
        }, Ct);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<AgentDto>(Ct))!;
    }

    /// <summary>The seeded system-level local chat model: a model every user may name.</summary>
    public static Task<Guid> LocalChatModelIdAsync(this PlatformFixture platform) =>
        platform.Scoped(sp => sp.GetRequiredService<AgentPlatform.Modules.Llm.Infrastructure.Persistence.LlmDbContext>()
            .Models.Where(m => m.ModelId == "local-chat" && m.OwnerId == null).Select(m => m.Id).SingleAsync(Ct));

    public static async Task<VersionDto> PublishAsync(this HttpClient client, Guid agentId, string versionNumber, string? changeLog = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions", new { versionNumber, changeLog }, Ct);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<VersionDto>(Ct))!;
    }

    public static async Task<VersionDto> ReviewAsync(this HttpClient admin, Guid versionId, string decision, object? body = null)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/admin/agent-versions/{versionId}/{decision}", body ?? new { }, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<VersionDto>(Ct))!;
    }

    /// <summary>An agent with an approved (live) version 1.0.0.</summary>
    public static async Task<(AgentDto Agent, VersionDto Version)> PublishedAgentAsync(this PlatformFixture platform, TestUser owner, string? name = null, string? description = null)
    {
        var agent = await owner.Client.CreateAgentAsync(name, description);
        var version = await owner.Client.PublishAsync(agent.Id, "1.0.0");
        var admin = await platform.AdminAsync();
        version = await admin.Client.ReviewAsync(version.Id, "approve");
        return (agent, version);
    }

    public static async Task ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            response.StatusCode.ShouldBe(status, body);
        }
    }

    public static async Task<ProblemDto> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        await response.ShouldBeAsync(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<ProblemDto>(Ct))!;
    }
}
