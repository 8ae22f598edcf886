using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.IntegrationTests.Llm;

/// <summary>What the fake provider does with the next request for a model.</summary>
public abstract record FakeBehavior
{
    public sealed record Reply(string Content, int PromptTokens = 11, int CompletionTokens = 7, bool ReportUsage = true) : FakeBehavior;

    public sealed record CallTool(string Name, string Arguments) : FakeBehavior;

    public sealed record Status(int Code, string? RetryAfter = null) : FakeBehavior;

    public sealed record Slow(TimeSpan Delay, string Content = "late") : FakeBehavior;

    public sealed record Malformed : FakeBehavior;

    /// <summary>Streams a few chunks and then drops the connection.</summary>
    public sealed record Disconnect(string BeforeDrop = "partial ") : FakeBehavior;
}

/// <summary>A request the fake provider received.</summary>
public sealed record FakeRequest(string Path, string Model, string? Authorization, string? ApiKeyHeader, JsonNode Body, string Query = "");

/// <summary>
/// A local OpenAI-compatible server on loopback (real Kestrel, real HTTP), scriptable per model: tests queue what
/// the next requests get (replies, tool calls, 429 with Retry-After, 500, slowness, malformed JSON, a dropped stream).
/// With nothing queued a model answers "echo: &lt;last user message&gt;".
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeBehavior>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeBehavior> _always = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private FakeOpenAIServer(WebApplication app) => _app = app;

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server root, as an Azure OpenAI resource URL (its v1 API is under /openai/v1).</summary>
    public string RootUrl => BaseUrl[..^"/v1".Length];

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        app.MapPost("/openai/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/messages", server.AnthropicMessagesAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";
        return server;
    }

    public void Enqueue(string model, params FakeBehavior[] behaviors)
    {
        var queue = _scripts.GetOrAdd(model, _ => new ConcurrentQueue<FakeBehavior>());
        foreach (var behavior in behaviors)
        {
            queue.Enqueue(behavior);
        }
    }

    /// <summary>Every request for the model gets this until cleared (null).</summary>
    public void Always(string model, FakeBehavior? behavior)
    {
        if (behavior is null)
        {
            _always.TryRemove(model, out _);
        }
        else
        {
            _always[model] = behavior;
        }
    }

    public int CountFor(string model) => Requests.Count(r => r.Model == model);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private FakeBehavior Next(string model, string lastUser) =>
        _always.TryGetValue(model, out var always) ? always
        : _scripts.TryGetValue(model, out var queue) && queue.TryDequeue(out var next) ? next
        : new FakeBehavior.Reply("echo: " + lastUser);

    private async Task ChatAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var model = body["model"]!.GetValue<string>();
        Requests.Enqueue(new FakeRequest(http.Request.Path, model, http.Request.Headers.Authorization.ToString(), http.Request.Headers["api-key"].ToString(), body, http.Request.QueryString.ToString()));
        var lastUser = body["messages"]!.AsArray().LastOrDefault(m => m!["role"]!.GetValue<string>() == "user")?["content"]?.ToString() ?? "";
        var stream = body["stream"]?.GetValue<bool>() == true;
        var behavior = Next(model, lastUser);
        switch (behavior)
        {
            case FakeBehavior.Status status:
                http.Response.StatusCode = status.Code;
                if (status.RetryAfter is not null)
                {
                    http.Response.Headers.RetryAfter = status.RetryAfter;
                }

                await http.Response.WriteAsJsonAsync(new { error = new { message = $"fake {status.Code}", type = "fake", code = (string?)null } });
                return;
            case FakeBehavior.Malformed:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(stream ? "data: {not json\n\n" : "{\"id\": \"x\", \"choices\": [{\"message\": ");
                return;
            case FakeBehavior.Slow slow:
                await Task.Delay(slow.Delay, http.RequestAborted);
                behavior = new FakeBehavior.Reply(slow.Content);
                break;
        }

        if (stream)
        {
            await StreamAsync(http, model, behavior);
            return;
        }

        var (message, finish, usage) = behavior switch
        {
            FakeBehavior.CallTool tool => ((object)new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_fake1", type = "function", function = new { name = tool.Name, arguments = tool.Arguments } } } },
                "tool_calls", new { prompt_tokens = 20, completion_tokens = 9, total_tokens = 29 }),
            FakeBehavior.Reply reply => ((object)new { role = "assistant", content = reply.Content }, "stop",
                reply.ReportUsage ? new { prompt_tokens = reply.PromptTokens, completion_tokens = reply.CompletionTokens, total_tokens = reply.PromptTokens + reply.CompletionTokens } : null),
            _ => throw new InvalidOperationException("unexpected behavior"),
        };
        await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new[] { new { index = 0, message, finish_reason = finish } },
            ["usage"] = usage,
        });
    }

    private static async Task StreamAsync(HttpContext http, string model, FakeBehavior behavior)
    {
        http.Response.ContentType = "text/event-stream";
        async Task Send(object chunk)
        {
            await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
            await http.Response.Body.FlushAsync();
        }

        object Chunk(object delta, string? finish) => new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = new[] { new { index = 0, delta, finish_reason = finish } } };

        switch (behavior)
        {
            case FakeBehavior.Disconnect drop:
                await Send(Chunk(new { role = "assistant", content = drop.BeforeDrop }, null));
                await Task.Delay(300);
                http.Abort();
                return;
            case FakeBehavior.CallTool tool:
                await Send(Chunk(new { role = "assistant", tool_calls = new[] { new { index = 0, id = "call_fake1", type = "function", function = new { name = tool.Name, arguments = "" } } } }, null));
                var half = tool.Arguments.Length / 2;
                await Send(Chunk(new { tool_calls = new[] { new { index = 0, function = new { arguments = tool.Arguments[..half] } } } }, null));
                await Send(Chunk(new { tool_calls = new[] { new { index = 0, function = new { arguments = tool.Arguments[half..] } } } }, null));
                await Send(Chunk(new { }, "tool_calls"));
                await Send(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage = new { prompt_tokens = 20, completion_tokens = 9, total_tokens = 29 } });
                break;
            case FakeBehavior.Reply reply:
                var words = reply.Content.Split(' ');
                for (var i = 0; i < words.Length; i++)
                {
                    await Send(Chunk(i == 0 ? new { role = "assistant", content = words[i] } : (object)new { content = " " + words[i] }, null));
                }

                await Send(Chunk(new { }, "stop"));
                if (reply.ReportUsage)
                {
                    await Send(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage = new { prompt_tokens = reply.PromptTokens, completion_tokens = reply.CompletionTokens, total_tokens = reply.PromptTokens + reply.CompletionTokens } });
                }

                break;
        }

        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    /// <summary>Anthropic's Messages API, enough of it for text replies, plain and streamed, and errors.</summary>
    private async Task AnthropicMessagesAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var model = body["model"]!.GetValue<string>();
        Requests.Enqueue(new FakeRequest(http.Request.Path, model, http.Request.Headers.Authorization.ToString(), http.Request.Headers["x-api-key"].ToString(), body));
        var lastUser = body["messages"]!.AsArray().LastOrDefault(m => m!["role"]!.GetValue<string>() == "user")?["content"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        };
        var behavior = Next(model, lastUser);
        if (behavior is FakeBehavior.Status status)
        {
            http.Response.StatusCode = status.Code;
            await http.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "api_error", message = $"fake {status.Code}" } });
            return;
        }

        var reply = behavior as FakeBehavior.Reply ?? new FakeBehavior.Reply("echo: " + lastUser);
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await http.Response.WriteAsJsonAsync(new
            {
                id = "msg_fake",
                type = "message",
                role = "assistant",
                model,
                content = new[] { new { type = "text", text = reply.Content } },
                stop_reason = "end_turn",
                stop_sequence = (string?)null,
                usage = new { input_tokens = reply.PromptTokens, output_tokens = reply.CompletionTokens },
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        async Task Send(string name, object data)
        {
            await http.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
            await http.Response.Body.FlushAsync();
        }

        await Send("message_start", new { type = "message_start", message = new { id = "msg_fake", type = "message", role = "assistant", model, content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = reply.PromptTokens, output_tokens = 1 } } });
        await Send("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
        foreach (var word in reply.Content.Split(' ').Select((w, i) => i == 0 ? w : " " + w))
        {
            await Send("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = word } });
        }

        await Send("content_block_stop", new { type = "content_block_stop", index = 0 });
        await Send("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = reply.CompletionTokens } });
        await Send("message_stop", new { type = "message_stop" });
    }

    private async Task EmbeddingsAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body))!;
        var model = body["model"]!.GetValue<string>();
        Requests.Enqueue(new FakeRequest("embeddings", model, http.Request.Headers.Authorization.ToString(), http.Request.Headers["api-key"].ToString(), body));
        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var dimensions = body["dimensions"]?.GetValue<int>() ?? 8;
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = inputs.Select((text, i) =>
        {
            var vector = Enumerable.Range(0, dimensions).Select(d => (float)((text.Length + d) % 7) / 7f).ToArray();
            object embedding = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())) : vector;
            return new { @object = "embedding", index = i, embedding };
        }).ToList();
        var tokens = inputs.Sum(i => i.Split(' ').Length);
        await http.Response.WriteAsJsonAsync(new { @object = "list", data, model, usage = new { prompt_tokens = tokens, total_tokens = tokens } });
    }
}
