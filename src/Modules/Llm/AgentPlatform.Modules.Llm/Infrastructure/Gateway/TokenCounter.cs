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
        return Measure(messages, tools, text => tokenizer.CountTokens(text));
    }

    /// <summary>
    /// At least the prompt's token count, without tokenizing: both encodings are byte-level BPE, where every token
    /// stands for one byte or more, so a text never has more tokens than UTF-8 bytes.
    /// </summary>
    public static int PromptUpperBound(IReadOnlyList<LlmChatMessage> messages, IReadOnlyList<LlmToolDefinition> tools) =>
        Measure(messages, tools, text => System.Text.Encoding.UTF8.GetByteCount(text));

    private static int Measure(IReadOnlyList<LlmChatMessage> messages, IReadOnlyList<LlmToolDefinition> tools, Func<string, int> size)
    {
        var total = ReplyPriming;
        foreach (var message in messages)
        {
            total += PerMessage + Size(message.Content);
            foreach (var call in message.ToolCalls ?? [])
            {
                total += Size(call.Name) + Size(call.Arguments);
            }
        }

        foreach (var tool in tools)
        {
            total += Size(tool.Name) + Size(tool.Description) + Size(tool.ParametersSchema);
        }

        return total;

        int Size(string? text) => string.IsNullOrEmpty(text) ? 0 : size(text);
    }

    private Tokenizer For(string model)
    {
        var name = model.ToLowerInvariant();
        var o200k = name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("gpt-4.1", StringComparison.Ordinal)
            || name.StartsWith("gpt-5", StringComparison.Ordinal) || name.StartsWith("o1", StringComparison.Ordinal)
            || name.StartsWith("o3", StringComparison.Ordinal) || name.StartsWith("o4", StringComparison.Ordinal) || name.StartsWith("local", StringComparison.Ordinal);
        return o200k ? _o200k.Value : _cl100k.Value;
    }
}

/// <summary>
/// A request's prompt size, counted only when it matters. Most prompts are far below their model's context window,
/// which <see cref="AtMost"/> shows without tokenizing; the exact count is needed for a prompt near the window and
/// for a provider that does not report usage.
/// </summary>
internal sealed class PromptTokens(TokenCounter counter, IReadOnlyList<LlmChatMessage> messages, IReadOnlyList<LlmToolDefinition> tools)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int? _atMost;

    /// <summary>An upper bound of the token count for any model.</summary>
    public int AtMost => _atMost ??= TokenCounter.PromptUpperBound(messages, tools);

    /// <summary>The token count with the model's tokenizer.</summary>
    public int For(string model)
    {
        if (!_counts.TryGetValue(model, out var count))
        {
            _counts[model] = count = counter.CountPrompt(model, messages, tools);
        }

        return count;
    }
}
