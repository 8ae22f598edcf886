using System.Text.Json;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Domain.Agents;

namespace AgentPlatform.Modules.Agents.Features.Shared;

/// <summary>The editable fields of an agent, as create and update receive them.</summary>
internal interface IAgentInput
{
    string? Name { get; }

    string? Avatar { get; }

    string? Description { get; }

    string? SystemPrompt { get; }

    string? WelcomeMessage { get; }

    IReadOnlyList<Guid>? ToolIds { get; }

    IReadOnlyList<Guid>? KnowledgeBaseIds { get; }

    /// <summary>A JSON object: per tool, an object of preset arguments.</summary>
    JsonElement? ToolPresetParams { get; }

    bool? MultiModal { get; }

    ModelSettings? Model { get; }

    /// <summary>"thinking" or "direct"; "direct" when absent.</summary>
    string? AgentMode { get; }

    bool? Enabled { get; }
}

internal static class AgentInput
{
    public const int PresetParamsMaxBytes = 64 * 1024;

    public static void ValidateAgentInput<T>(this AbstractValidator<T> validator)
        where T : IAgentInput
    {
        validator.RuleFor(x => x.Name).NotEmpty().WithMessage("A name is required.")
            .MaximumLength(AgentContent.NameMaxLength).WithMessage($"A name has at most {AgentContent.NameMaxLength} characters.");
        validator.RuleFor(x => x.Avatar).MaximumLength(AgentContent.AvatarMaxLength)
            .Must(a => a is null || (Uri.TryCreate(a, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .WithMessage("The avatar must be an absolute http(s) URL of at most 255 characters.");
        validator.RuleFor(x => x.Description).MaximumLength(AgentContent.DescriptionMaxLength);
        validator.RuleFor(x => x.SystemPrompt).MaximumLength(AgentContent.PromptMaxLength);
        validator.RuleFor(x => x.WelcomeMessage).MaximumLength(AgentContent.PromptMaxLength);
        validator.RuleFor(x => x.ToolIds).Must(ids => ids is null || (ids.Count <= AgentContent.MaxReferences && !ids.Contains(Guid.Empty)))
            .WithMessage($"At most {AgentContent.MaxReferences} tool ids, none empty.");
        validator.RuleFor(x => x.KnowledgeBaseIds).Must(ids => ids is null || (ids.Count <= AgentContent.MaxReferences && !ids.Contains(Guid.Empty)))
            .WithMessage($"At most {AgentContent.MaxReferences} knowledge base ids, none empty.");
        validator.RuleFor(x => x.ToolPresetParams).Must(BeObjectOfObjects)
            .WithMessage($"toolPresetParams is a JSON object whose values are objects (arguments per tool), at most {PresetParamsMaxBytes / 1024} KB.");
        validator.RuleFor(x => x.AgentMode).Must(EnumText.IsDefined<AgentMode>).When(x => x.AgentMode is not null)
            .WithMessage($"agentMode is one of: {string.Join(", ", EnumText.Names<AgentMode>())}.");
        validator.RuleFor(x => x.Model!).SetValidator(new ModelSettingsValidator()).When(x => x.Model is not null);
    }

    public static AgentContent ToContent(this IAgentInput input) => new(
        input.Name!.Trim(),
        string.IsNullOrEmpty(input.Avatar) ? null : input.Avatar,
        input.Description,
        input.SystemPrompt,
        input.WelcomeMessage,
        input.ToolIds ?? [],
        input.KnowledgeBaseIds ?? [],
        input.ToolPresetParams is { ValueKind: JsonValueKind.Object } preset ? preset.GetRawText() : AgentContent.EmptyObject,
        input.MultiModal ?? false,
        input.Model ?? ModelSettings.Default,
        input.AgentMode is null ? Domain.Agents.AgentMode.Direct : EnumText.Parse<AgentMode>(input.AgentMode));

    private static bool BeObjectOfObjects(JsonElement? element)
    {
        if (element is null || element.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return true;
        }

        var value = element.Value;
        return value.ValueKind == JsonValueKind.Object
            && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Object && p.Name.Length is > 0 and <= 128)
            && value.GetRawText().Length <= PresetParamsMaxBytes;
    }
}

internal sealed class ModelSettingsValidator : AbstractValidator<ModelSettings>
{
    public ModelSettingsValidator()
    {
        RuleFor(x => x.ModelId).NotEqual(Guid.Empty);
        RuleFor(x => x.ProfileId).NotEqual(Guid.Empty);
        RuleFor(x => x.Temperature).InclusiveBetween(0m, 2m).WithMessage("temperature is between 0 and 2.");
        RuleFor(x => x.MaxTokens).InclusiveBetween(1, 1_000_000).WithMessage("maxTokens is between 1 and 1000000.");
        RuleFor(x => x.TopP).InclusiveBetween(0m, 1m).WithMessage("topP is between 0 and 1.");
        RuleFor(x => x.FrequencyPenalty).InclusiveBetween(-2m, 2m).WithMessage("frequencyPenalty is between -2 and 2.");
        RuleFor(x => x.PresencePenalty).InclusiveBetween(-2m, 2m).WithMessage("presencePenalty is between -2 and 2.");
    }
}
