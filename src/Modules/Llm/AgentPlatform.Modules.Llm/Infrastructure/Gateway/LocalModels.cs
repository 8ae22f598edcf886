using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

/// <summary>The local embedding model as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
internal sealed class LocalEmbeddingGenerator(string modelId, int dimension) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(FeatureHashingEmbedder.Embed(v, dimension)) { ModelId = modelId }));
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

/// <summary>
/// The local chat model: no network, no key, deterministic. It is not a language model. It answers from what it is
/// given: it quotes the passages of the system prompt and of tool results closest to the last user message, and it
/// calls a tool when the user's message names it. Enough to run a fresh install end to end and to test the plumbing.
/// </summary>
internal sealed class LocalChatClient(string modelId) : IChatClient
{
    private const int EmbeddingDimension = 512;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer(messages.ToList(), options));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = Answer(messages.ToList(), options);
        foreach (var update in response.ToChatResponseUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (update.Contents.Count == 1 && update.Contents[0] is TextContent text)
            {
                // Word by word, like a model streams.
                foreach (var piece in SplitKeepingSpaces(text.Text))
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = modelId, ResponseId = update.ResponseId, MessageId = update.MessageId };
                    await Task.Yield();
                }

                continue;
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private ChatResponse Answer(List<ChatMessage> messages, ChatOptions? options)
    {
        var lastUser = messages.FindLastIndex(m => m.Role == ChatRole.User);
        var question = lastUser >= 0 ? messages[lastUser].Text : "";
        var toolResults = messages.Skip(lastUser + 1).SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(r => ResultText(r.Result)).ToList();
        toolResults.AddRange(messages.Skip(lastUser + 1).Where(m => m.Role == ChatRole.Tool).Select(m => m.Text).Where(t => t.Length > 0));

        if (toolResults.Count == 0 && options?.Tools is { Count: > 0 } tools && FindNamedTool(tools, question) is { } tool)
        {
            var call = new FunctionCallContent("call_" + StableId(tool.Name + "\n" + question), tool.Name, ArgumentsFor(tool, question));
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { FinishReason = ChatFinishReason.ToolCalls, ModelId = modelId, ResponseId = "local-" + StableId(question) };
        }

        var sources = toolResults.Count > 0 ? toolResults : messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text).ToList();
        var passages = sources.SelectMany(SplitPassages).Distinct(StringComparer.Ordinal).ToList();
        var answer = Compose(question, passages, toolResults.Count > 0);

        var finish = ChatFinishReason.Stop;
        if (options?.MaxOutputTokens is { } max && max > 0)
        {
            var words = SplitKeepingSpaces(answer).ToList();
            if (words.Count > max)
            {
                answer = string.Concat(words.Take(max)).TrimEnd();
                finish = ChatFinishReason.Length;
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { FinishReason = finish, ModelId = modelId, ResponseId = "local-" + StableId(question) };
    }

    private static string Compose(string question, List<string> passages, bool fromTools)
    {
        if (passages.Count == 0)
        {
            return question.Length == 0 ? "Hello. I am the local model: give me context and I will quote what is relevant." : $"I have no context to answer from. You asked: \"{question}\"";
        }

        var query = FeatureHashingEmbedder.Embed(question, EmbeddingDimension);
        var scored = passages
            .Select((p, i) => (Passage: p, Index: i, Score: FeatureHashingEmbedder.Cosine(query, FeatureHashingEmbedder.Embed(p, EmbeddingDimension))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index)
            .ToList();

        // The best passage, and a second one only when it is nearly as relevant: sharing "the" is not relevance.
        var top = scored[0].Score;
        var best = scored.Take(2)
            .Where(x => fromTools || (x.Score > 0.1 && x.Score >= 0.6 * top))
            .OrderBy(x => x.Index)
            .ToList();
        if (best.Count == 0)
        {
            return $"Nothing in the context is about \"{question}\".";
        }

        var lead = fromTools ? "The tool returned" : "From the context";
        return $"{lead}: " + string.Join(" ", best.Select(b => $"\"{b.Passage}\""));
    }

    private static AIFunctionDeclaration? FindNamedTool(IList<AITool> tools, string question)
    {
        var text = question.ToLowerInvariant();
        return tools.OfType<AIFunctionDeclaration>().FirstOrDefault(t =>
            text.Contains(t.Name.ToLowerInvariant(), StringComparison.Ordinal) || text.Contains(t.Name.Replace('_', ' ').ToLowerInvariant(), StringComparison.Ordinal));
    }

    /// <summary>Fills the tool's string parameters with the question, numbers with the first number in it, flags with true.</summary>
    private static Dictionary<string, object?> ArgumentsFor(AIFunctionDeclaration tool, string question)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (tool.JsonSchema.ValueKind == JsonValueKind.Object && tool.JsonSchema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var number = System.Text.RegularExpressions.Regex.Match(question, @"-?\d+(\.\d+)?", System.Text.RegularExpressions.RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
            foreach (var property in properties.EnumerateObject())
            {
                var type = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
                arguments[property.Name] = type switch
                {
                    "number" => number.Success ? double.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture) : 0d,
                    "integer" => number.Success ? (long)double.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture) : 0L,
                    "boolean" => true,
                    "string" => question,
                    _ => null,
                };
            }
        }

        return arguments;
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString() ?? "",
        _ => JsonSerializer.Serialize(result),
    };

    private static IEnumerable<string> SplitPassages(string text) =>
        text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(line => line.Length <= 400 ? [line] : SplitSentences(line))
            .Where(p => p.Length > 0);

    private static IEnumerable<string> SplitSentences(string line)
    {
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is '.' or '!' or '?' or '。' or '！' or '？' && (i + 1 == line.Length || line[i + 1] == ' ' || line[i] > 0x2FFF))
            {
                yield return line[start..(i + 1)].Trim();
                start = i + 1;
            }
        }

        if (start < line.Length)
        {
            yield return line[start..].Trim();
        }
    }

    private static IEnumerable<string> SplitKeepingSpaces(string text)
    {
        var piece = new StringBuilder();
        foreach (var c in text)
        {
            piece.Append(c);
            if (c == ' ' || c > 0x2FFF)
            {
                yield return piece.ToString();
                piece.Clear();
            }
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }

    private static string StableId(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
