using System.Text.Json;
using AgentPlatform.Modules.Llm.Contracts;

namespace AgentPlatform.Modules.Llm.Features.OpenAICompatible;

/// <summary>Reads OpenAI's request shapes (snake_case JSON) into the gateway's Contracts; wrong shapes are 400s naming the field.</summary>
internal static class OpenAIRequests
{
    public static (CompleteChat Request, bool Stream, bool IncludeUsage) ReadChat(JsonElement body, Guid userId, string requestId, bool freshRequestId)
    {
        RequireObject(body, "body");
        var model = String(body, "model") ?? throw Invalid("model", "model is required.");
        if (!body.TryGetProperty("messages", out var messagesJson) || messagesJson.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("messages", "messages must be an array.");
        }

        var messages = new List<LlmChatMessage>();
        var index = 0;
        foreach (var m in messagesJson.EnumerateArray())
        {
            messages.Add(ReadMessage(m, $"messages[{index++}]"));
        }

        var tools = new List<LlmToolDefinition>();
        if (body.TryGetProperty("tools", out var toolsJson) && toolsJson.ValueKind != JsonValueKind.Null)
        {
            if (toolsJson.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("tools", "tools must be an array.");
            }

            index = 0;
            foreach (var t in toolsJson.EnumerateArray())
            {
                var field = $"tools[{index++}]";
                if (t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(field, "A tool is {\"type\": \"function\", \"function\": {...}}.");
                }

                var parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetRawText() : """{"type":"object","properties":{}}""";
                tools.Add(new LlmToolDefinition(String(function, "name") ?? throw Invalid(field + ".function.name", "A tool needs a name."), String(function, "description"), parameters));
            }
        }

        var parameters2 = new LlmChatParameters
        {
            Temperature = Number(body, "temperature"),
            TopP = Number(body, "top_p"),
            FrequencyPenalty = Number(body, "frequency_penalty"),
            MaxTokens = (int?)(Number(body, "max_completion_tokens") ?? Number(body, "max_tokens")),
            Seed = (long?)Number(body, "seed"),
        };
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var request = new CompleteChat
        {
            UserId = userId,
            RequestId = requestId,
            FreshRequestId = freshRequestId,
            Model = model,
            Messages = messages,
            Tools = tools,
            Parameters = parameters2,
            Service = "openai-api",
        };
        return (request, stream, includeUsage);
    }

    public static (Embed Request, bool Base64) ReadEmbeddings(JsonElement body, Guid userId, string requestId, bool freshRequestId)
    {
        RequireObject(body, "body");
        var model = String(body, "model") ?? throw Invalid("model", "model is required.");
        if (!body.TryGetProperty("input", out var input))
        {
            throw Invalid("input", "input is required.");
        }

        List<string> inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. input.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw Invalid("input", "input is a string or an array of strings (token arrays are not supported)."),
        };
        var format = String(body, "encoding_format") ?? "float";
        if (format is not ("float" or "base64"))
        {
            throw Invalid("encoding_format", "encoding_format is 'float' or 'base64'.");
        }

        return (new Embed { UserId = userId, RequestId = requestId, FreshRequestId = freshRequestId, Model = model, Inputs = inputs, Service = "openai-api" }, format == "base64");
    }

    private static LlmChatMessage ReadMessage(JsonElement m, string field)
    {
        RequireObject(m, field);
        var role = String(m, "role") ?? throw Invalid(field + ".role", "role is required.");
        if (role == "developer")
        {
            role = ChatRoles.System;
        }

        string? content = null;
        if (m.TryGetProperty("content", out var c))
        {
            content = c.ValueKind switch
            {
                JsonValueKind.String => c.GetString(),
                JsonValueKind.Null => null,
                JsonValueKind.Array => string.Concat(c.EnumerateArray()
                    .Where(part => part.ValueKind == JsonValueKind.Object && String(part, "type") == "text")
                    .Select(part => String(part, "text"))),
                _ => throw Invalid(field + ".content", "content is a string or an array of content parts."),
            };
        }

        List<LlmToolCall>? calls = null;
        if (m.TryGetProperty("tool_calls", out var tc) && tc.ValueKind == JsonValueKind.Array)
        {
            calls = [];
            foreach (var call in tc.EnumerateArray())
            {
                if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("function", out var f) || f.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(field + ".tool_calls", "A tool call is {\"id\", \"type\": \"function\", \"function\": {\"name\", \"arguments\"}}.");
                }

                calls.Add(new LlmToolCall(String(call, "id") ?? "", String(f, "name") ?? "", String(f, "arguments") ?? "{}"));
            }
        }

        return new LlmChatMessage(role, content, calls, String(m, "tool_call_id"));
    }

    private static void RequireObject(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(field, $"{field} must be a JSON object.");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw Invalid(name, $"{name} must be a string."),
        } : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.Null => null,
            _ => throw Invalid(name, $"{name} must be a number."),
        } : null;

    private static DomainException Invalid(string field, string message) => DomainException.Invalid(field, message);
}
