using AgentPlatform.Modules.Agents.Domain.Agents;
using AgentPlatform.Modules.Llm.Contracts;

namespace AgentPlatform.Modules.Agents.Features.Shared;

/// <summary>Model settings name models and profiles the Llm module owns: they must exist for the user and fit an agent.</summary>
internal static class ModelReferences
{
    public static async Task EnsureUsableAsync(this ISender sender, Guid userId, ModelSettings? settings, string field, CancellationToken ct)
    {
        if (settings?.ModelId is { } modelId)
        {
            var model = await sender.Send(new GetModelInfo(userId, modelId), ct)
                ?? throw DomainException.Invalid($"{field}.modelId", $"Model '{modelId}' was not found.");
            if (model.Type == "embedding")
            {
                throw DomainException.Invalid($"{field}.modelId", $"'{model.Model}' is an embedding model; an agent needs a chat model.");
            }
        }

        if (settings?.ProfileId is { } profileId && await sender.Send(new GetProfileInfo(userId, profileId), ct) is null)
        {
            throw DomainException.Invalid($"{field}.profileId", $"Profile '{profileId}' was not found.");
        }
    }
}
