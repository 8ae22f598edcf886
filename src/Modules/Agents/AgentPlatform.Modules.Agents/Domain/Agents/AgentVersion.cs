namespace AgentPlatform.Modules.Agents.Domain.Agents;

/// <summary>The review state of a version (seed 004 §4.2 publish_status).</summary>
internal enum PublishStatus
{
    Reviewing,
    Published,
    Rejected,
    Delisted,
}

/// <summary>
/// An immutable snapshot of an agent (seed 004 §4.2). Its content is set once, when it is created (init-only),
/// and a database trigger refuses any later change of it; only the review state moves:
/// reviewing -> published | rejected, published -> delisted.
/// </summary>
internal sealed class AgentVersion : Entity, IAuditable
{
    public const int ChangeLogMaxLength = 10_000;
    public const int ReasonMaxLength = 1000;

    private AgentVersion()
    {
    }

    public Guid AgentId { get; private init; }

    public Guid UserId { get; private init; }

    public string VersionNumber { get; private init; } = "";

    public string Name { get; private init; } = "";

    public string? Avatar { get; private init; }

    public string? Description { get; private init; }

    public string? SystemPrompt { get; private init; }

    public string? WelcomeMessage { get; private init; }

    public Guid[] ToolIds { get; private init; } = [];

    public Guid[] KnowledgeBaseIds { get; private init; } = [];

    public string ToolPresetParameters { get; private init; } = AgentContent.EmptyObject;

    public bool MultiModal { get; private init; }

    public ModelSettings Model { get; private init; } = ModelSettings.Default;

    public AgentMode Mode { get; private init; }

    public string? ChangeLog { get; private init; }

    public PublishStatus Status { get; private set; }

    public string? RejectReason { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public AgentContent Content => new(Name, Avatar, Description, SystemPrompt, WelcomeMessage, ToolIds, KnowledgeBaseIds, ToolPresetParameters, MultiModal, Model, Mode);

    public static AgentVersion Snapshot(Agent agent, string versionNumber, string? changeLog, DateTimeOffset now) => new()
    {
        AgentId = agent.Id,
        UserId = agent.UserId,
        VersionNumber = versionNumber,
        Name = agent.Name,
        Avatar = agent.Avatar,
        Description = agent.Description,
        SystemPrompt = agent.SystemPrompt,
        WelcomeMessage = agent.WelcomeMessage,
        ToolIds = [.. agent.ToolIds],
        KnowledgeBaseIds = [.. agent.KnowledgeBaseIds],
        ToolPresetParameters = agent.ToolPresetParameters,
        MultiModal = agent.MultiModal,
        Model = agent.Model,
        Mode = agent.Mode,
        ChangeLog = changeLog,
        Status = PublishStatus.Reviewing,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Approve(DateTimeOffset now)
    {
        Require(PublishStatus.Reviewing, "approve");
        Status = PublishStatus.Published;
        ReviewedAt = now;
        PublishedAt = now;
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        Require(PublishStatus.Reviewing, "reject");
        Status = PublishStatus.Rejected;
        RejectReason = reason;
        ReviewedAt = now;
    }

    public void Delist()
    {
        Require(PublishStatus.Published, "delist");
        Status = PublishStatus.Delisted;
    }

    private void Require(PublishStatus expected, string act)
    {
        if (Status != expected)
        {
            throw DomainException.Conflict(
                "agents.illegal_review_transition",
                $"Only a {expected.ToString().ToLowerInvariant()} version can be {(act == "approve" ? "approved" : act + "ed")}; version {VersionNumber} is {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
