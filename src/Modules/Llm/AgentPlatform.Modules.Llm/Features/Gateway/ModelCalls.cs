using System.ClientModel;
using System.Net;
using System.Text.Json;
using AgentPlatform.Modules.Llm.Contracts;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

internal enum FailureKind
{
    RateLimited,
    AuthFailed,
    BadRequest,
    Transient,
}

/// <summary>Why a provider call failed, as the gateway decides what to do next: retry, next key, next model.</summary>
internal sealed record CallFailure(FailureKind Kind, string Reason, TimeSpan? RetryAfter, string Message)
{
    public static CallFailure Classify(Exception exception) => exception switch
    {
        ClientResultException { Status: 429 } e => new(FailureKind.RateLimited, "rate_limited", RetryAfterOf(e), "The provider answered 429 Too Many Requests."),
        ClientResultException { Status: 401 or 403 } e => new(FailureKind.AuthFailed, "auth_failed", null, $"The provider refused the key ({e.Status})."),
        ClientResultException { Status: 408 } => new(FailureKind.Transient, "timeout", null, "The provider timed out (408)."),
        ClientResultException { Status: >= 500 } e => new(FailureKind.Transient, "server_error", null, $"The provider failed ({e.Status})."),
        ClientResultException { Status: >= 400 } e => new(FailureKind.BadRequest, "bad_request", null, $"The provider rejected the request ({e.Status}): {Trim(e.Message)}"),
        ClientResultException => new(FailureKind.Transient, "network_error", null, "The provider could not be reached."),
        AnthropicApiException { StatusCode: HttpStatusCode.TooManyRequests } => new(FailureKind.RateLimited, "rate_limited", null, "The provider answered 429 Too Many Requests."),
        AnthropicApiException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } e => new(FailureKind.AuthFailed, "auth_failed", null, $"The provider refused the key ({(int)e.StatusCode})."),
        AnthropicApiException { StatusCode: HttpStatusCode.RequestTimeout } => new(FailureKind.Transient, "timeout", null, "The provider timed out (408)."),
        AnthropicApiException { StatusCode: >= HttpStatusCode.InternalServerError } e => new(FailureKind.Transient, "server_error", null, $"The provider failed ({(int)e.StatusCode})."),
        AnthropicApiException e => new(FailureKind.BadRequest, "bad_request", null, $"The provider rejected the request ({(int)e.StatusCode})."),
        AnthropicIOException => new(FailureKind.Transient, "network_error", null, "The provider could not be reached."),
        AnthropicException => new(FailureKind.Transient, "bad_response", null, "The provider's answer could not be read."),
        HttpRequestException => new(FailureKind.Transient, "network_error", null, "The provider could not be reached."),
        TimeoutException or OperationCanceledException => new(FailureKind.Transient, "timeout", null, "The provider did not answer within the endpoint's read timeout."),
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or NullReferenceException =>
            new(FailureKind.Transient, "bad_response", null, "The provider's answer could not be read."),
        _ => new(FailureKind.Transient, "error", null, "The provider call failed."),
    };

    private static TimeSpan? RetryAfterOf(ClientResultException exception)
    {
        var response = exception.GetRawResponse();
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, System.Globalization.CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                return at - DateTimeOffset.UtcNow;
            }
        }

        return null;
    }

    private static string Trim(string message) => message.Length <= 300 ? message : message[..300];
}

/// <summary>Translation between the Contracts' messages and Microsoft.Extensions.AI's.</summary>
internal static class ModelCalls
{
    public static List<ChatMessage> ToChatMessages(IReadOnlyList<LlmChatMessage> messages) => [.. messages.Select(ToChatMessage)];

    public static ChatOptions ToOptions(LlmChatParameters parameters, IReadOnlyList<LlmToolDefinition> tools)
    {
        var options = new ChatOptions
        {
            Temperature = (float?)parameters.Temperature,
            MaxOutputTokens = parameters.MaxTokens,
            TopP = (float?)parameters.TopP,
            FrequencyPenalty = (float?)parameters.FrequencyPenalty,
            Seed = parameters.Seed,
        };
        if (tools.Count > 0)
        {
            options.Tools = [.. tools.Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, ParseSchema(t.ParametersSchema)))];
        }

        return options;
    }

    public static LlmChatMessage ToContract(ChatResponse response)
    {
        var calls = response.Messages.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).Select(ToContract).ToList();
        var text = response.Text;
        return new LlmChatMessage(ChatRoles.Assistant, text.Length == 0 && calls.Count > 0 ? null : text, calls.Count > 0 ? calls : null);
    }

    public static LlmToolCall ToContract(FunctionCallContent call) =>
        new(call.CallId, call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>()));

    public static string FinishReasonOf(ChatFinishReason? reason, bool hasToolCalls) =>
        reason?.Value ?? (hasToolCalls ? ChatFinishReason.ToolCalls.Value : ChatFinishReason.Stop.Value);

    private static ChatMessage ToChatMessage(LlmChatMessage message)
    {
        switch (message.Role)
        {
            case ChatRoles.System:
                return new ChatMessage(ChatRole.System, message.Content ?? "");
            case ChatRoles.User:
                return new ChatMessage(ChatRole.User, message.Content ?? "");
            case ChatRoles.Tool:
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(message.ToolCallId ?? "", message.Content ?? "")]);
            default:
                var contents = new List<AIContent>();
                if (!string.IsNullOrEmpty(message.Content))
                {
                    contents.Add(new TextContent(message.Content));
                }

                foreach (var call in message.ToolCalls ?? [])
                {
                    contents.Add(new FunctionCallContent(call.Id, call.Name, ParseArguments(call.Arguments)));
                }

                return new ChatMessage(ChatRole.Assistant, contents);
        }
    }

    private static JsonElement ParseSchema(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }

    private static Dictionary<string, object?> ParseArguments(string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return [];
        }

        using var document = JsonDocument.Parse(arguments);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }
}
