using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text.Json;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Web;
using AgentPlatform.Modules.Llm.Contracts;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Features.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.Modules.Llm.Features.OpenAICompatible;

/// <summary>
/// The gateway as an OpenAI-compatible API, so OpenAI clients work unchanged: chat completions (plain and
/// streamed as server-sent events), embeddings and the model list. Errors use OpenAI's error JSON. An
/// Idempotency-Key header makes a retry return the first answer, counted once.
/// </summary>
internal static class OpenAIRoutes
{
    // Relaxed escaping: quotes and non-ASCII text stay readable; this JSON is never embedded in HTML.
    private static readonly JsonSerializerOptions Snake = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/chat/completions", ChatAsync).WithName("OpenAIChatCompletions")
            .WithSummary("OpenAI-compatible chat completion; `stream: true` answers with server-sent events ending in `data: [DONE]`.")
            .Accepts<JsonElement>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblems(401);
        v1.MapPost("/embeddings", EmbeddingsAsync).WithName("OpenAIEmbeddings")
            .Accepts<JsonElement>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblems(401);
        v1.MapGet("/models", ModelsAsync).WithName("OpenAIModels").Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblems(401);
    }

    private static async Task ChatAsync(HttpContext http, ICurrentUser user, ISender sender, AnswerFirst answerFirst)
    {
        var ct = http.RequestAborted;
        try
        {
            var (requestId, fresh) = RequestIdOf(http);
            CompleteChat request;
            bool stream, includeUsage;
            using (var body = await ReadBodyAsync(http))
            {
                (request, stream, includeUsage) = OpenAIRequests.ReadChat(body.RootElement, user.Id, requestId, fresh);
            }

            if (!stream)
            {
                answerFirst.Enabled = true;
                var completion = await sender.Send(request, ct);
                http.Response.Headers["X-Request-Id"] = completion.RequestId;
                var answer = new ArrayBufferWriter<byte>(1024);
                OpenAIJson.Completion(answer, completion, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                await AnswerAsync(http, answerFirst, answer.WrittenMemory);
                return;
            }

            await StreamAsync(http, sender, request, includeUsage, ct);
        }
        catch (DomainException error) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, error);
        }
    }

    private static async Task StreamAsync(HttpContext http, ISender sender, CompleteChat request, bool includeUsage, CancellationToken ct)
    {
        var id = "chatcmpl-" + request.RequestId;
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var deltas = sender.CreateStream(new StreamChat { Request = request }, ct).GetAsyncEnumerator(ct);

        // The first delta decides between an error answer and a stream: fallback happens before it.
        if (!await deltas.MoveNextAsync())
        {
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Request-Id"] = request.RequestId;
        var model = request.Model!;
        var events = http.Response.BodyWriter;
        await SendEventAsync(events, output => OpenAIJson.RoleChunk(output, id, created, model), ct);
        try
        {
            do
            {
                var delta = deltas.Current;
                if (delta.Content is not null || delta.ToolCalls is not null)
                {
                    // A replayed answer arrives whole, in the same delta as its completion.
                    var deltaModel = delta.Completion?.AnsweredBy.Model ?? model;
                    await SendEventAsync(events, output => OpenAIJson.DeltaChunk(output, id, created, deltaModel, delta.Content, delta.ToolCalls), ct);
                }

                if (delta.Completion is { } completion)
                {
                    model = completion.AnsweredBy.Model;
                    await SendEventAsync(events, output => OpenAIJson.FinishChunk(output, id, created, completion.AnsweredBy.Model, completion.FinishReason), ct);
                    if (includeUsage)
                    {
                        await SendEventAsync(events, output => OpenAIJson.UsageChunk(output, id, created, completion), ct);
                    }
                }
            }
            while (await deltas.MoveNextAsync());
        }
        catch (DomainException error)
        {
            await SendEventAsync(events, output => OpenAIJson.Serialized(output, ErrorJson(error), Snake), ct);
        }

        events.Write("data: [DONE]\n\n"u8);
        await events.FlushAsync(ct);
    }

    /// <summary>One server-sent event (<c>data: JSON</c> and a blank line), sent at once.</summary>
    private static async Task SendEventAsync(PipeWriter events, Action<IBufferWriter<byte>> writeJson, CancellationToken ct)
    {
        events.Write("data: "u8);
        writeJson(events);
        events.Write("\n\n"u8);
        await events.FlushAsync(ct);
    }

    private static async Task EmbeddingsAsync(HttpContext http, ICurrentUser user, ISender sender, AnswerFirst answerFirst)
    {
        try
        {
            var (requestId, fresh) = RequestIdOf(http);
            Embed request;
            bool base64;
            using (var body = await ReadBodyAsync(http))
            {
                (request, base64) = OpenAIRequests.ReadEmbeddings(body.RootElement, user.Id, requestId, fresh);
            }

            answerFirst.Enabled = true;
            var result = await sender.Send(request, http.RequestAborted);
            var data = result.Vectors.Select((v, i) => new
            {
                @object = "embedding",
                index = i,
                embedding = base64 ? (object)Convert.ToBase64String(MemoryMarshal.AsBytes(v.AsSpan())) : v,
            });
            var answer = new { @object = "list", data, model = result.AnsweredBy.Model, usage = new { prompt_tokens = result.Usage.InputTokens, total_tokens = result.Usage.TotalTokens } };
            await AnswerAsync(http, answerFirst, JsonSerializer.SerializeToUtf8Bytes(answer, Snake));
        }
        catch (DomainException error) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, error);
        }
    }

    private static async Task ModelsAsync(HttpContext http, ICurrentUser user, Infrastructure.Persistence.LlmDbContext db)
    {
        var userId = user.Id;
        var models = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Models.AsNoTracking().Where(m => (m.OwnerId == null || m.OwnerId == userId) && m.Status == ModelStatus.Available).OrderBy(m => m.ModelId),
            http.RequestAborted);
        var data = models.Select(m => new { id = m.ModelId, @object = "model", created = m.CreatedAt.ToUnixTimeSeconds(), owned_by = m.OwnerId is null ? "system" : "user", platform_id = m.Id, type = m.Type.ToString().ToLowerInvariant() });
        await http.Response.WriteAsJsonAsync(new { @object = "list", data }, Snake, http.RequestAborted);
    }

    /// <summary>
    /// Sends the answer whole, with its length: headers and body leave in one write, and the client has all of it on
    /// its first read (a chunked answer ends with a separate terminating chunk the client must wait for). Then lets
    /// the call's record be written (see <see cref="AnswerFirst"/>).
    /// </summary>
    private static async Task AnswerAsync(HttpContext http, AnswerFirst answerFirst, ReadOnlyMemory<byte> body)
    {
        try
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
            await http.Response.CompleteAsync();
        }
        finally
        {
            answerFirst.Release();
        }
    }

    /// <summary>The body as JSON, read in place: what the request needs is copied out before it is disposed.</summary>
    private static async Task<JsonDocument> ReadBodyAsync(HttpContext http)
    {
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            throw DomainException.Invalid("body", "The request body is not valid JSON.");
        }
    }

    /// <summary>The client's Idempotency-Key, else a fresh id: every call is recorded under some request id.</summary>
    private static (string RequestId, bool Fresh) RequestIdOf(HttpContext http)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200)
        {
            throw DomainException.Invalid("Idempotency-Key", "The Idempotency-Key header is at most 200 characters.");
        }

        return key.Length > 0 ? (key, false) : (Guid.CreateVersion7().ToString("N"), true);
    }

    private static Task WriteErrorAsync(HttpContext http, DomainException error)
    {
        http.Response.StatusCode = ProblemExceptionHandler.StatusOf(error.Kind);
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return http.Response.WriteAsJsonAsync(ErrorJson(error), Snake, http.RequestAborted);
    }

    private static object ErrorJson(DomainException error)
    {
        var type = error.Kind switch
        {
            ErrorKind.Validation => "invalid_request_error",
            ErrorKind.Unauthorized => "authentication_error",
            ErrorKind.Forbidden => "permission_error",
            ErrorKind.NotFound => "not_found_error",
            ErrorKind.TooManyRequests => "rate_limit_error",
            ErrorKind.PaymentRequired => "insufficient_quota",
            ErrorKind.Conflict => "conflict_error",
            _ => "api_error",
        };
        var param = error.Errors?.Keys.FirstOrDefault();
        var message = error.Errors is { Count: > 0 } errors ? string.Join(" ", errors.SelectMany(e => e.Value)) : error.Message;
        return new { error = new { message, type, param, code = error.Kind == ErrorKind.NotFound ? "model_not_found" : error.Code } };
    }
}
