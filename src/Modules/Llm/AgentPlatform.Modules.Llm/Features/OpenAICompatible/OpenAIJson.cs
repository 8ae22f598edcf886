using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentPlatform.Modules.Llm.Contracts;

namespace AgentPlatform.Modules.Llm.Features.OpenAICompatible;

/// <summary>
/// The gateway's answers in OpenAI's JSON, written field by field (stream events straight into the response's pipe):
/// these are on every call's path, where serializing anonymous objects costs a walk over their metadata and a copy.
/// </summary>
internal static class OpenAIJson
{
    // Relaxed escaping: quotes and non-ASCII text stay readable; this JSON is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A <c>chat.completion</c> object.</summary>
    public static void Completion(IBufferWriter<byte> output, LlmChatCompletion c, long created) => Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("id"u8, "chatcmpl-" + c.RequestId);
        w.WriteString("object"u8, "chat.completion"u8);
        w.WriteNumber("created"u8, created);
        w.WriteString("model"u8, c.AnsweredBy.Model);
        w.WriteStartArray("choices"u8);
        w.WriteStartObject();
        w.WriteNumber("index"u8, 0);
        w.WriteStartObject("message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("content"u8, c.Message.Content);
        w.WritePropertyName("tool_calls"u8);
        if (c.Message.ToolCalls is { } calls)
        {
            w.WriteStartArray();
            foreach (var call in calls)
            {
                ToolCall(w, null, call.Id, call.Name, call.Arguments);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
        w.WriteString("finish_reason"u8, c.FinishReason);
        w.WriteNull("logprobs"u8);
        w.WriteEndObject();
        w.WriteEndArray();
        Usage(w, c.Usage);
        Platform(w, c);
        w.WriteEndObject();
    });

    /// <summary>A <c>chat.completion.chunk</c> whose delta opens the assistant's message.</summary>
    public static void RoleChunk(IBufferWriter<byte> output, string id, long created, string model) => Chunk(output, id, created, model, null, w =>
    {
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("content"u8, ""u8);
    });

    /// <summary>A chunk with text and tool call deltas.</summary>
    public static void DeltaChunk(IBufferWriter<byte> output, string id, long created, string model, string? content, IReadOnlyList<LlmToolCallDelta>? calls) =>
        Chunk(output, id, created, model, null, w =>
        {
            w.WriteString("content"u8, content);
            if (calls is not null)
            {
                w.WriteStartArray("tool_calls"u8);
                foreach (var call in calls)
                {
                    ToolCall(w, call.Index, call.Id, call.Name, call.ArgumentsDelta);
                }

                w.WriteEndArray();
            }
        });

    /// <summary>The chunk that ends the choice with its finish reason.</summary>
    public static void FinishChunk(IBufferWriter<byte> output, string id, long created, string model, string finishReason) =>
        Chunk(output, id, created, model, finishReason, _ => { });

    /// <summary>The last chunk when the caller asked for usage: no choices, the usage and the platform's details.</summary>
    public static void UsageChunk(IBufferWriter<byte> output, string id, long created, LlmChatCompletion c) => Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("id"u8, id);
        w.WriteString("object"u8, "chat.completion.chunk"u8);
        w.WriteNumber("created"u8, created);
        w.WriteString("model"u8, c.AnsweredBy.Model);
        w.WriteStartArray("choices"u8);
        w.WriteEndArray();
        Usage(w, c.Usage);
        Platform(w, c);
        w.WriteEndObject();
    });

    private static void Chunk(IBufferWriter<byte> output, string id, long created, string model, string? finishReason, Action<Utf8JsonWriter> delta) => Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("id"u8, id);
        w.WriteString("object"u8, "chat.completion.chunk"u8);
        w.WriteNumber("created"u8, created);
        w.WriteString("model"u8, model);
        w.WriteStartArray("choices"u8);
        w.WriteStartObject();
        w.WriteNumber("index"u8, 0);
        w.WriteStartObject("delta"u8);
        delta(w);
        w.WriteEndObject();
        w.WriteString("finish_reason"u8, finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void ToolCall(Utf8JsonWriter w, int? index, string? id, string? name, string? arguments)
    {
        w.WriteStartObject();
        if (index is { } i)
        {
            w.WriteNumber("index"u8, i);
        }

        w.WriteString("id"u8, id);
        w.WriteString("type"u8, "function"u8);
        w.WriteStartObject("function"u8);
        w.WriteString("name"u8, name);
        w.WriteString("arguments"u8, arguments);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Usage(Utf8JsonWriter w, LlmUsage u)
    {
        w.WriteStartObject("usage"u8);
        w.WriteNumber("prompt_tokens"u8, u.InputTokens);
        w.WriteNumber("completion_tokens"u8, u.OutputTokens);
        w.WriteNumber("total_tokens"u8, u.TotalTokens);
        w.WriteEndObject();
    }

    private static void Platform(Utf8JsonWriter w, LlmChatCompletion c)
    {
        w.WriteStartObject("platform"u8);
        w.WriteString("request_id"u8, c.RequestId);
        w.WriteString("model_id"u8, c.AnsweredBy.ModelId);
        w.WriteString("provider"u8, c.AnsweredBy.ProviderName);
        w.WriteNumber("cost"u8, c.Cost);
        w.WriteString("currency"u8, c.Currency);
        w.WriteStartArray("fallback_path"u8);
        foreach (var step in c.FallbackPath)
        {
            w.WriteStartObject();
            w.WriteString("model"u8, step.Model);
            w.WriteString("reason"u8, step.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Any value, with the relaxed escaping of the hand-written answers.</summary>
    public static void Serialized(IBufferWriter<byte> output, object value, JsonSerializerOptions options) => Write(output, w => JsonSerializer.Serialize(w, value, options));

    private static void Write(IBufferWriter<byte> output, Action<Utf8JsonWriter> write)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        write(writer);
    }
}
