using Mediator;

namespace AgentPlatform.Modules.Llm.Contracts;

/// <summary>
/// The streaming form of <see cref="CompleteChat"/>: deltas as they arrive, the last one carrying
/// <see cref="LlmChatDelta.Completion"/> with the usage and cost.
/// </summary>
public sealed record StreamChat : IStreamCommand<LlmChatDelta>
{
    /// <summary>The request, as for a plain completion.</summary>
    public required CompleteChat Request { get; init; }
}

/// <summary>A piece of a streamed answer.</summary>
/// <param name="Content">Text added.</param>
/// <param name="ToolCalls">Tool-call pieces: the first piece of a call has its id and name, later ones add argument text.</param>
/// <param name="Completion">Set on the last delta only: the whole answer, usage and cost.</param>
public sealed record LlmChatDelta(string? Content, IReadOnlyList<LlmToolCallDelta>? ToolCalls = null, LlmChatCompletion? Completion = null);

/// <summary>A piece of a tool call in a stream.</summary>
/// <param name="Index">Which call of the message.</param>
/// <param name="Id">The call id (on its first piece).</param>
/// <param name="Name">The tool name (on its first piece).</param>
/// <param name="ArgumentsDelta">Argument JSON text added.</param>
public sealed record LlmToolCallDelta(int Index, string? Id, string? Name, string? ArgumentsDelta);
