using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Agents.Features.Shared;

namespace AgentPlatform.Modules.Agents.Features.CreateAgent;

internal sealed record CreateAgent(
    string? Name,
    string? Avatar = null,
    string? Description = null,
    string? SystemPrompt = null,
    string? WelcomeMessage = null,
    IReadOnlyList<Guid>? ToolIds = null,
    IReadOnlyList<Guid>? KnowledgeBaseIds = null,
    JsonElement? ToolPresetParams = null,
    bool? MultiModal = null,
    ModelSettings? Model = null,
    string? AgentMode = null,
    bool? Enabled = null) : ICommand<AgentView>, IAgentInput;

internal sealed class CreateAgentValidator : AbstractValidator<CreateAgent>
{
    public CreateAgentValidator() => this.ValidateAgentInput();
}

internal sealed class CreateAgentHandler(AgentsDbContext db, ICurrentUser currentUser, ISender sender) : ICommandHandler<CreateAgent, AgentView>
{
    public async ValueTask<AgentView> Handle(CreateAgent command, CancellationToken cancellationToken)
    {
        await sender.EnsureUsableAsync(currentUser.Id, command.Model, "model", cancellationToken);
        var agent = Agent.Create(currentUser.Id, command.ToContent(), command.Enabled ?? true);
        db.Agents.Add(agent);
        await db.SaveChangesAsync(cancellationToken);
        return agent.ToView();
    }
}
