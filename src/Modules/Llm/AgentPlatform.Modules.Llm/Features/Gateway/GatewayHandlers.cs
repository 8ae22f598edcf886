using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Contracts;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

internal sealed partial class CompleteChatValidator : AbstractValidator<CompleteChat>
{
    private static readonly string[] Roles = [ChatRoles.System, ChatRoles.User, ChatRoles.Assistant, ChatRoles.Tool];
    private static readonly string RoleMessage = $"role is one of: {string.Join(", ", Roles)}.";

    // One model-level rule in plain code: this validator runs on every model call, and FluentValidation's machinery
    // per rule and per element is most of its cost (a dozen rules and a child rule per element took 12 us hot and
    // about 40 us on a Host idle for 50 ms; this takes about 14). Failures keep the names the property rules gave
    // them (requestId, Messages[0].Role, Tools[1].Name, temperature).
    public CompleteChatValidator() => RuleFor(x => x).Custom(Check);

    private static void Check(CompleteChat request, ValidationContext<CompleteChat> context)
    {
        if (request.UserId == Guid.Empty)
        {
            context.AddFailure(nameof(CompleteChat.UserId), "A user is required.");
        }

        CheckText(request.RequestId, nameof(CompleteChat.RequestId), 200, required: true, context);
        CheckText(request.Model, nameof(CompleteChat.Model), 200, required: false, context);
        CheckText(request.Service, nameof(CompleteChat.Service), 50, required: true, context);

        var messages = request.Messages;
        if (messages is null || messages.Count == 0)
        {
            context.AddFailure(nameof(CompleteChat.Messages), "Give at least one message.");
        }
        else if (messages.Count > 1000)
        {
            context.AddFailure(nameof(CompleteChat.Messages), "At most 1000 messages.");
        }
        else
        {
            for (var i = 0; i < messages.Count; i++)
            {
                CheckMessage(messages[i], $"Messages[{i}]", context);
            }
        }

        CheckTools(request.Tools, context);
        if (request.Parameters is { } parameters)
        {
            CheckRange(parameters.Temperature, 0, 2, "temperature", context);
            CheckRange(parameters.TopP, 0, 1, "topP", context);
            CheckRange(parameters.FrequencyPenalty, -2, 2, "frequencyPenalty", context);
            CheckRange(parameters.MaxTokens, 1, 1_000_000, "maxTokens", context);
        }
    }

    private static void CheckText(string? value, string name, int maxLength, bool required, ValidationContext<CompleteChat> context)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                context.AddFailure(name, $"{name} is required.");
            }
        }
        else if (value.Length > maxLength)
        {
            context.AddFailure(name, $"{name} is at most {maxLength} characters.");
        }
    }

    private static void CheckRange(double? value, double min, double max, string name, ValidationContext<CompleteChat> context)
    {
        if (value is { } v && (v < min || v > max || double.IsNaN(v)))
        {
            context.AddFailure(name, $"{name} is between {min} and {max}.");
        }
    }

    private static void CheckTools(IReadOnlyList<LlmToolDefinition>? tools, ValidationContext<CompleteChat> context)
    {
        if (tools is null)
        {
            context.AddFailure(nameof(CompleteChat.Tools), "Tools cannot be null.");
            return;
        }

        if (tools.Count > 128)
        {
            context.AddFailure(nameof(CompleteChat.Tools), "At most 128 tools.");
            return;
        }

        HashSet<string>? names = tools.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool is null)
            {
                context.AddFailure($"Tools[{i}]", "A tool cannot be null.");
                continue;
            }

            if (string.IsNullOrEmpty(tool.Name) || !ToolName().IsMatch(tool.Name))
            {
                context.AddFailure($"Tools[{i}].Name", "A tool name is 1 to 64 letters, digits, '_' or '-'.");
            }
            else if (names is not null && !names.Add(tool.Name))
            {
                context.AddFailure(nameof(CompleteChat.Tools), "Tool names must be unique.");
            }

            if (!IsJsonObject(tool.ParametersSchema))
            {
                context.AddFailure($"Tools[{i}].ParametersSchema", "parameters must be a JSON schema object.");
            }
        }
    }

    private static void CheckMessage(LlmChatMessage message, string path, ValidationContext<CompleteChat> context)
    {
        if (message is null)
        {
            context.AddFailure(path, "A message cannot be null.");
            return;
        }

        if (!Roles.Contains(message.Role))
        {
            context.AddFailure(path + ".Role", RoleMessage);
        }

        if (message.Role is ChatRoles.System or ChatRoles.User && string.IsNullOrWhiteSpace(message.Content))
        {
            context.AddFailure(path + ".Content", "A system or user message needs content.");
        }

        if (message.Role == ChatRoles.Tool && string.IsNullOrWhiteSpace(message.ToolCallId))
        {
            context.AddFailure(path + ".ToolCallId", "A tool message names the call it answers (toolCallId).");
        }

        for (var j = 0; j < (message.ToolCalls?.Count ?? 0); j++)
        {
            var call = message.ToolCalls![j];
            var callPath = $"{path}.ToolCalls[{j}]";
            if (string.IsNullOrWhiteSpace(call.Id))
            {
                context.AddFailure(callPath + ".Id", "A tool call needs an id.");
            }

            if (string.IsNullOrWhiteSpace(call.Name))
            {
                context.AddFailure(callPath + ".Name", "A tool call needs the name of the tool it calls.");
            }

            if (!IsJsonObjectOrEmpty(call.Arguments))
            {
                context.AddFailure(callPath + ".Arguments", "Tool call arguments must be a JSON object.");
            }
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();

    public static bool IsJsonObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonObjectOrEmpty(string? text) => string.IsNullOrEmpty(text) || IsJsonObject(text);
}

internal sealed class EmbedValidator : AbstractValidator<Embed>
{
    public EmbedValidator()
    {
        RuleFor(x => x.UserId).NotEmpty();
        RuleFor(x => x.RequestId).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Model).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Service).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Inputs).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Give at least one input.").Must(i => i.Count <= 2048).WithMessage("At most 2048 inputs per request.");
        RuleForEach(x => x.Inputs).NotEmpty().WithMessage("An input cannot be empty.").MaximumLength(100_000);
    }
}

internal sealed class CompleteChatHandler(ModelGateway gateway) : ICommandHandler<CompleteChat, LlmChatCompletion>
{
    public async ValueTask<LlmChatCompletion> Handle(CompleteChat command, CancellationToken cancellationToken) => await gateway.CompleteAsync(command, cancellationToken);
}

internal sealed class StreamChatHandler(ModelGateway gateway, IValidator<CompleteChat> validator) : IStreamCommandHandler<StreamChat, LlmChatDelta>
{
    public async IAsyncEnumerable<LlmChatDelta> Handle(StreamChat command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Stream messages bypass the request pipeline, so validation happens here.
        var result = await validator.ValidateQuicklyAsync(command.Request, cancellationToken);
        if (!result.IsValid)
        {
            throw ValidationFailures.ToDomainException(result.Errors);
        }

        await foreach (var delta in gateway.StreamAsync(command.Request, cancellationToken))
        {
            yield return delta;
        }
    }
}

internal sealed class EmbedHandler(ModelGateway gateway) : ICommandHandler<Embed, LlmEmbeddings>
{
    public async ValueTask<LlmEmbeddings> Handle(Embed command, CancellationToken cancellationToken) => await gateway.EmbedAsync(command, cancellationToken);
}

internal sealed class GetModelInfoHandler(LlmDbContext db) : IQueryHandler<GetModelInfo, LlmModelInfo?>
{
    public async ValueTask<LlmModelInfo?> Handle(GetModelInfo query, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == query.ModelId && (m.OwnerId == null || m.OwnerId == query.UserId), cancellationToken);
        return model is null ? null : new LlmModelInfo(model.Id, model.ModelId, EnumText.Of(model.Type), EnumText.Of(model.Status), model.ContextWindow, model.EmbeddingDimension);
    }
}

internal sealed class GetProfileInfoHandler(LlmDbContext db) : IQueryHandler<GetProfileInfo, LlmProfileInfo?>
{
    public async ValueTask<LlmProfileInfo?> Handle(GetProfileInfo query, CancellationToken cancellationToken) =>
        await db.Profiles.AsNoTracking()
            .Where(p => p.Id == query.ProfileId && (p.OwnerId == null || p.OwnerId == query.UserId))
            .Select(p => new LlmProfileInfo(p.Id, p.Name, p.ModelId))
            .FirstOrDefaultAsync(cancellationToken);
}
