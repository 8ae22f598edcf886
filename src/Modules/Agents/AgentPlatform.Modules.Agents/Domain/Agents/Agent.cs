namespace AgentPlatform.Modules.Agents.Domain.Agents;

/// <summary>
/// An agent's editable draft (seed 004 §4.1), owned by a user. Publishing snapshots it into an immutable
/// <see cref="AgentVersion"/>; <see cref="PublishedVersionId"/> points at the live one.
/// </summary>
internal sealed class Agent : AggregateRoot, IAuditable, ISoftDeletable
{
    private Agent()
    {
    }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Avatar { get; private set; }

    public string? Description { get; private set; }

    public string? SystemPrompt { get; private set; }

    public string? WelcomeMessage { get; private set; }

    public Guid[] ToolIds { get; private set; } = [];

    public Guid[] KnowledgeBaseIds { get; private set; } = [];

    public string ToolPresetParameters { get; private set; } = AgentContent.EmptyObject;

    public bool MultiModal { get; private set; }

    public ModelSettings Model { get; private set; } = ModelSettings.Default;

    public AgentMode Mode { get; private set; }

    public bool Enabled { get; private set; }

    public Guid? PublishedVersionId { get; private set; }

    /// <summary>The highest version number ever published; a new one must be greater.</summary>
    public string? LatestVersionNumber { get; private set; }

    /// <summary>The row version (PostgreSQL <c>xmin</c>): a stale update is refused.</summary>
    public uint Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public AgentContent Content => new(Name, Avatar, Description, SystemPrompt, WelcomeMessage, ToolIds, KnowledgeBaseIds, ToolPresetParameters, MultiModal, Model, Mode);

    public static Agent Create(Guid userId, AgentContent content, bool enabled)
    {
        var agent = new Agent { UserId = userId };
        agent.Update(content, enabled);
        return agent;
    }

    public void Update(AgentContent content, bool enabled)
    {
        Name = content.Name.Trim();
        Avatar = content.Avatar;
        Description = content.Description;
        SystemPrompt = content.SystemPrompt;
        WelcomeMessage = content.WelcomeMessage;
        ToolIds = [.. content.ToolIds.Distinct()];
        KnowledgeBaseIds = [.. content.KnowledgeBaseIds.Distinct()];
        ToolPresetParameters = content.ToolPresetParameters;
        MultiModal = content.MultiModal;
        Model = content.Model;
        Mode = content.Mode;
        Enabled = enabled;
    }

    /// <summary>Snapshots the draft for review. The number must be greater than every number published before.</summary>
    public AgentVersion Publish(string versionNumber, string? changeLog, DateTimeOffset now)
    {
        var next = SemanticVersion.Parse(versionNumber);
        if (LatestVersionNumber is not null && next <= SemanticVersion.Parse(LatestVersionNumber))
        {
            throw DomainException.Conflict("agents.version_not_greater", $"Version {next} is not greater than the latest version {LatestVersionNumber}.");
        }

        LatestVersionNumber = next.ToString();
        return AgentVersion.Snapshot(this, next.ToString(), changeLog, now);
    }

    /// <summary>An approved version goes live.</summary>
    public void GoLive(AgentVersion version)
    {
        EnsureOwnVersion(version);
        if (version.Status != PublishStatus.Published)
        {
            throw DomainException.Conflict("agents.version_not_published", $"Version {version.VersionNumber} is {version.Status.ToString().ToLowerInvariant()}, not published.");
        }

        PublishedVersionId = version.Id;
    }

    /// <summary>Rolling back is pointing at an earlier published version.</summary>
    public void RollBackTo(AgentVersion version) => GoLive(version);

    /// <summary>A delisted live version takes the agent off the marketplace until another version goes live.</summary>
    public void TakeOffline(AgentVersion version)
    {
        EnsureOwnVersion(version);
        if (PublishedVersionId == version.Id)
        {
            PublishedVersionId = null;
        }
    }

    private void EnsureOwnVersion(AgentVersion version)
    {
        if (version.AgentId != Id)
        {
            throw DomainException.NotFound("Version", version.Id);
        }
    }
}
