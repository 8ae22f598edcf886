using AgentPlatform.Modules.Llm.Contracts;
using Microsoft.ML.Tokenizers;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

/// <summary>
/// Counts tokens when a provider does not report them, and before a call to check the context window:
/// o200k_base for the GPT-4o/4.1/5 and o-series families, cl100k_base for everything else (a fair estimate
/// for models whose own tokenizer we do not ship).
/// </summary>
internal sealed class TokenCounter
{
    // OpenAI's accounting: each message costs a few tokens of framing, and the reply is primed with three.
    private const int PerMessage = 3;
    private const int ReplyPriming = 3;

    private readonly Lazy<Tokenizer> _o200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private readonly Lazy<Tokenizer> _cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public int Count(string model, string? text) => string.IsNullOrEmpty(text) ? 0 : For(model).CountTokens(text);

    public int CountPrompt(string model, IReadOnlyList<LlmChatMessage> messages, IReadOnlyList<LlmToolDefinition> tools)
    {
        var tokenizer = For(model);
        var total = ReplyPriming;
        foreach (var message in messages)
        {
            total += PerMessage + Count(tokenizer, message.Content);
            foreach (var call in message.ToolCalls ?? [])
            {
                total += Count(tokenizer, call.Name) + Count(tokenizer, call.Arguments);
            }
        }

        foreach (var tool in tools)
        {
            total += Count(tokenizer, tool.Name) + Count(tokenizer, tool.Description) + Count(tokenizer, tool.ParametersSchema);
        }

        return total;
    }

    private static int Count(Tokenizer tokenizer, string? text) => string.IsNullOrEmpty(text) ? 0 : tokenizer.CountTokens(text);

    private Tokenizer For(string model)
    {
        var name = model.ToLowerInvariant();
        var o200k = name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-4.1", StringComparison.Ordinal)
            || name.StartsWith("gpt-5", StringComparison.Ordinal) || name.StartsWith("o1", StringComparison.Ordinal)
            || name.StartsWith("o3", StringComparison.Ordinal) || name.StartsWith("o4", StringComparison.Ordinal) || name.StartsWith("local", StringComparison.Ordinal);
        return o200k ? _o200k.Value : _cl100k.Value;
    }
}
