using System.Text.Json;
using System.Text.Json.Serialization;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.UpdateAgent;

/// <summary>
/// Replaces the draft. <see cref="Version"/> (from the body, or the If-Match header) is the version read
/// before editing: when someone saved in between, the update is refused with a 409.
/// </summary>
internal sealed record UpdateAgent : ICommand<AgentView>, IAgentInput
{
    [JsonIgnore]
    public Guid Id { get; init; }

    public uint? Version { get; init; }

    public string? Name { get; init; }

    public string? Avatar { get; init; }

    public string? Description { get; init; }

    public string? SystemPrompt { get; init; }

    public string? WelcomeMessage { get; init; }

    public IReadOnlyList<Guid>? ToolIds { get; init; }

    public IReadOnlyList<Guid>? KnowledgeBaseIds { get; init; }

    public JsonElement? ToolPresetParams { get; init; }

    public bool? MultiModal { get; init; }

    public ModelSettings? Model { get; init; }

    public string? AgentMode { get; init; }

    public bool? Enabled { get; init; }
}

internal sealed class UpdateAgentValidator : AbstractValidator<UpdateAgent>
{
    public UpdateAgentValidator()
    {
        this.ValidateAgentInput();
        RuleFor(x => x.Version).NotNull().WithMessage("version (or an If-Match header) is required: the version of the agent you edited.");
    }
}

internal sealed class UpdateAgentHandler(AgentsDbContext db, ICurrentUser currentUser, ISender sender) : ICommandHandler<UpdateAgent, AgentView>
{
    public async ValueTask<AgentView> Handle(UpdateAgent command, CancellationToken cancellationToken)
    {
        var agent = await db.OwnedAgentAsync(command.Id, currentUser.Id, cancellationToken);
        await sender.EnsureUsableAsync(currentUser.Id, command.Model, "model", cancellationToken);
        if (agent.Version != command.Version)
        {
            throw DomainException.Conflict("concurrency_conflict", "The agent was changed by someone else; reload it and try again.");
        }

        // Also guard the window between this read and the write: the UPDATE matches the version read here.
        db.Entry(agent).Property(a => a.Version).OriginalValue = command.Version!.Value;
        agent.Update(command.ToContent(), command.Enabled ?? agent.Enabled);
        await db.SaveChangesAsync(cancellationToken);
        return agent.ToView();
    }
}
