using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentPlatform.BuildingBlocks.Messaging;
using AgentPlatform.Modules.Llm.Contracts;
using AgentPlatform.Modules.Llm.Domain.Gateway;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Providers;
using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>
/// The one way every module calls a model. For a request it: replays the first answer of a repeated request id;
/// plans the models to try (the requested one, then its fallback chain); skips models that are unavailable, whose
/// endpoint's circuit is open, or whose context window is too small; takes a key within its daily quota (moving to
/// the next key on 429 or a refused key); retries transient failures as often as the endpoint allows; then falls back
/// to the next model, recording why. Whatever happens, the call is recorded once and its usage event published once.
/// </summary>
internal sealed partial class ModelGateway(
    IServiceProvider services,
    GatewayRecords records,
    AnswerFirst answerFirst,
    GatewayPlanner planner,
    CredentialPool credentials,
    ProviderClients clients,
    CircuitBreakers breakers,
    TokenCounter tokens,
    TimeProvider clock,
    IOptions<GatewayOptions> options,
    ILogger<ModelGateway> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Taken from the scope only to look for an earlier answer: a call under a fresh request id needs no database
    // context before it is answered (its record is written afterwards, without one).
    private LlmDbContext Db => services.GetRequiredService<LlmDbContext>();

    public async Task<LlmChatCompletion> CompleteAsync(CompleteChat request, CancellationToken ct)
    {
        var plan = await planner.PlanChatAsync(request, ct);
        var call = GatewayCall.Of(request.UserId, request.RequestId, request, request.Service, clock.GetUtcNow());
        if (!request.FreshRequestId && await FirstAnswerAsync(call, ct) is { } replay)
        {
            return ReplayOf<LlmChatCompletion>(replay);
        }

        var started = Stopwatch.GetTimestamp();
        var path = new List<LlmFallbackStep>();
        var messages = ModelCalls.ToChatMessages(request.Messages);
        var chatOptions = ModelCalls.ToOptions(plan.Parameters, request.Tools);
        var prompt = new PromptTokens(tokens, request.Messages, request.Tools);
        foreach (var candidate in plan.Candidates)
        {
            if (!FitsContext(candidate, prompt, plan, path))
            {
                continue;
            }

            var outcome = await TryCandidateAsync(candidate, path, (target, token) => clients.ChatClient(target).GetResponseAsync(messages, chatOptions, token), ct);
            if (outcome is { } response)
            {
                var message = ModelCalls.ToContract(response);
                var usage = new LlmUsage(
                    response.Usage?.InputTokenCount ?? prompt.For(candidate.Model.ModelId),
                    response.Usage?.OutputTokenCount ?? CountOutput(candidate.Model.ModelId, message));
                var completion = new LlmChatCompletion(request.RequestId, message, ModelCalls.FinishReasonOf(response.FinishReason, message.ToolCalls is not null),
                    usage, candidate.Model.CostOf(usage.InputTokens, usage.OutputTokens), candidate.Model.Currency, Answering(candidate), path);
                if (answerFirst.Accepts(request.FreshRequestId))
                {
                    var done = Done.Of(started, clock);
                    answerFirst.Defer(call.RequestId, () => records.TryRecordAsync(RecordOf(call, candidate, usage, completion, null, path, done), CancellationToken.None));
                    return completion;
                }

                var first = await FinishAsync(call, candidate, usage, completion, null, path, Done.Of(started, clock), ct);
                return first is null ? completion : ReplayOf<LlmChatCompletion>(first);
            }
        }

        throw await FailAsync(call, plan.Candidates, path, started, ct);
    }

    /// <summary>
    /// Streams the answer. Falling back is possible until the first delta arrives; after that a failure ends the
    /// stream with an error (what was sent cannot be taken back), and the call is recorded with what was produced.
    /// </summary>
    public async IAsyncEnumerable<LlmChatDelta> StreamAsync(CompleteChat request, [EnumeratorCancellation] CancellationToken ct)
    {
        var plan = await planner.PlanChatAsync(request, ct);
        var call = GatewayCall.Of(request.UserId, request.RequestId, request, request.Service, clock.GetUtcNow());
        if (!request.FreshRequestId && await FirstAnswerAsync(call, ct) is { } replay)
        {
            var stored = ReplayOf<LlmChatCompletion>(replay);
            yield return new LlmChatDelta(stored.Message.Content, stored.Message.ToolCalls?.Select((c, i) => new LlmToolCallDelta(i, c.Id, c.Name, c.Arguments)).ToList(), stored);
            yield break;
        }

        Candidate? streaming = null;
        var produced = new StringBuilder();
        var prompt = new PromptTokens(tokens, request.Messages, request.Tools);
        var started = Stopwatch.GetTimestamp();
        var path = new List<LlmFallbackStep>();
        try
        {
            var messages = ModelCalls.ToChatMessages(request.Messages);
            var chatOptions = ModelCalls.ToOptions(plan.Parameters, request.Tools);
            foreach (var candidate in plan.Candidates)
            {
                if (!FitsContext(candidate, prompt, plan, path))
                {
                    continue;
                }

                var opened = await TryCandidateAsync(candidate, path, (target, token) => OpenStreamAsync(clients.ChatClient(target), messages, chatOptions, token), ct);
                if (opened is not { } stream)
                {
                    continue;
                }

                streaming = candidate;
                var calls = new List<LlmToolCall>();
                UsageDetails? reported = null;
                ChatFinishReason? finish = null;
                var update = stream.First;
                await using (stream.Rest)
                {
                    while (update is not null)
                    {
                        finish = update.FinishReason ?? finish;
                        reported = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? reported;
                        var content = update.Text;
                        var newCalls = update.Contents.OfType<FunctionCallContent>().Select(ModelCalls.ToContract).ToList();
                        produced.Append(content);
                        if (content.Length > 0 || newCalls.Count > 0)
                        {
                            var deltas = newCalls.Select((c, i) => new LlmToolCallDelta(calls.Count + i, c.Id, c.Name, c.Arguments)).ToList();
                            calls.AddRange(newCalls);
                            yield return new LlmChatDelta(content.Length > 0 ? content : null, deltas.Count > 0 ? deltas : null);
                        }

                        update = await NextOrFailAsync(stream.Rest, call, candidate, path, started, prompt, produced, ct);
                    }
                }

                var message = new LlmChatMessage(ChatRoles.Assistant, produced.Length == 0 && calls.Count > 0 ? null : produced.ToString(), calls.Count > 0 ? calls : null);
                var usage = new LlmUsage(reported?.InputTokenCount ?? prompt.For(candidate.Model.ModelId), reported?.OutputTokenCount ?? CountOutput(candidate.Model.ModelId, message));
                var completion = new LlmChatCompletion(request.RequestId, message, ModelCalls.FinishReasonOf(finish, calls.Count > 0),
                    usage, candidate.Model.CostOf(usage.InputTokens, usage.OutputTokens), candidate.Model.Currency, Answering(candidate), path);
                // A concurrent twin that finished first is what the request id stands for; this stream still ends normally.
                await FinishAsync(call, candidate, usage, completion, null, path, Done.Of(started, clock), ct);
                yield return new LlmChatDelta(null, null, completion);
                yield break;
            }

            throw await FailAsync(call, plan.Candidates, path, started, ct);
        }
        finally
        {
            if (!call.Recorded && streaming is not null && produced.Length > 0)
            {
                await RecordCutShortAsync(call, streaming, prompt, produced, path, started);
            }
        }
    }

    public async Task<LlmEmbeddings> EmbedAsync(Embed request, CancellationToken ct)
    {
        var candidate = await planner.PlanEmbeddingAsync(request, ct);
        var call = GatewayCall.Of(request.UserId, request.RequestId, request, request.Service, clock.GetUtcNow());
        if (!request.FreshRequestId && await FirstAnswerAsync(call, ct) is { } replay)
        {
            return ReplayOf<LlmEmbeddings>(replay);
        }

        var started = Stopwatch.GetTimestamp();
        var path = new List<LlmFallbackStep>();
        var batchSize = BatchSizeOf(candidate.Provider);
        var outcome = await TryCandidateAsync(candidate, path, async (target, token) =>
        {
            var generator = clients.EmbeddingGenerator(target);
            var vectors = new List<float[]>(request.Inputs.Count);
            long? reportedTokens = 0;
            foreach (var batch in request.Inputs.Chunk(batchSize))
            {
                var generated = await generator.GenerateAsync(batch, cancellationToken: token);
                vectors.AddRange(generated.Select(e => e.Vector.ToArray()));
                reportedTokens = generated.Usage?.InputTokenCount is { } n && reportedTokens is not null ? reportedTokens + n : null;
            }

            return new EmbedOutcome(vectors, reportedTokens);
        }, ct);

        if (outcome is not { } result)
        {
            throw await FailAsync(call, [candidate], path, started, ct);
        }

        var dimension = candidate.Model.EmbeddingDimension ?? result.Vectors.FirstOrDefault()?.Length ?? 0;
        if (result.Vectors.Count != request.Inputs.Count || result.Vectors.Any(v => v.Length != dimension))
        {
            path.Add(new LlmFallbackStep(candidate.Model.ModelId, "bad_response"));
            throw await FailAsync(call, [candidate], path, started, ct);
        }

        var inputTokens = result.Tokens is > 0 ? result.Tokens.Value : request.Inputs.Sum(i => (long)tokens.Count(candidate.Model.ModelId, i));
        var usage = new LlmUsage(inputTokens, 0);
        var embeddings = new LlmEmbeddings(result.Vectors, dimension, usage, candidate.Model.CostOf(inputTokens, 0), Answering(candidate));
        if (answerFirst.Accepts(request.FreshRequestId))
        {
            var done = Done.Of(started, clock);
            answerFirst.Defer(call.RequestId, () => records.TryRecordAsync(RecordOf(call, candidate, usage, embeddings, null, path, done), CancellationToken.None));
            return embeddings;
        }

        var first = await FinishAsync(call, candidate, usage, embeddings, null, path, Done.Of(started, clock), ct);
        return first is null ? embeddings : ReplayOf<LlmEmbeddings>(first);
    }

    private static bool FitsContext(Candidate candidate, PromptTokens prompt, GatewayPlan plan, List<LlmFallbackStep> path)
    {
        if (candidate.Model.ContextWindow is not { } window || prompt.AtMost <= window || prompt.For(candidate.Model.ModelId) <= window)
        {
            return true;
        }

        var promptTokens = prompt.For(candidate.Model.ModelId);
        path.Add(new LlmFallbackStep(candidate.Model.ModelId, "context_window"));
        if (candidate == plan.Candidates[^1] && path.TrueForAll(p => p.Reason == "context_window"))
        {
            throw new DomainException(ErrorKind.Validation, "llm.context_length_exceeded",
                $"The prompt has about {promptTokens} tokens, more than the context window of every model that could answer it ({window} for '{candidate.Model.ModelId}'). Shorten it.")
            { Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["messages"] = [$"The prompt is too long: about {promptTokens} tokens."] } };
        }

        return false;
    }

    /// <summary>Tries one model: its keys in turn, each call retried as often as the endpoint allows. Null when it failed.</summary>
    private async Task<T?> TryCandidateAsync<T>(Candidate candidate, List<LlmFallbackStep> path, Func<CallTarget, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var (model, provider, endpoint) = candidate;
        var skip = model.Status != ModelStatus.Available ? "model_" + model.Status.ToString().ToLowerInvariant()
            : !provider.IsActive ? "provider_inactive"
            : endpoint is null && provider.Type != ProviderTypes.Local ? "no_endpoint"
            : null;
        if (skip is not null)
        {
            path.Add(new LlmFallbackStep(model.ModelId, skip));
            return default;
        }

        if (endpoint is not null && !breakers.TryAcquire(endpoint.Id))
        {
            path.Add(new LlmFallbackStep(model.ModelId, "circuit_open"));
            return default;
        }

        var tried = new List<Guid>();
        var reason = "no_usable_credential";
        while (true)
        {
            ClaimedCredential? credential = null;
            if (ProviderTypes.NeedsCredential(provider.Type))
            {
                credential = await credentials.ClaimAsync(provider.Id, tried, ct);
                if (credential is null)
                {
                    path.Add(new LlmFallbackStep(model.ModelId, reason));
                    if (endpoint is not null)
                    {
                        breakers.Release(endpoint.Id);
                    }

                    return default;
                }

                tried.Add(credential.Id);
            }

            var target = new CallTarget(provider.Type, endpoint?.Id ?? Guid.Empty, endpoint?.BaseUrl ?? "", endpoint?.ApiVersion, endpoint?.ConnectTimeoutSeconds ?? 10,
                endpoint?.ReadTimeoutSeconds ?? 60, credential?.Id, credential?.ApiKey, model.ModelId, model.EmbeddingDimension, model.MaxOutputTokens);
            var retries = endpoint?.RetryCount ?? 0;
            for (var attempt = 0; ; attempt++)
            {
                CallFailure failure;
                try
                {
                    var result = await call(target, ct);
                    if (endpoint is not null)
                    {
                        breakers.Success(endpoint.Id);
                    }

                    return result;
                }
                catch (Exception exception) when (!ct.IsCancellationRequested && exception is not DomainException)
                {
                    failure = CallFailure.Classify(exception);
                    LogCallFailed(logger, model.ModelId, provider.Name, failure.Reason, attempt + 1);
                }

                if (failure.Kind is FailureKind.RateLimited or FailureKind.AuthFailed && credential is not null)
                {
                    if (failure.Kind == FailureKind.RateLimited)
                    {
                        await credentials.RestAsync(provider.Id, credential.Id, clock.GetUtcNow() + (failure.RetryAfter ?? options.Value.DefaultRetryAfter), ct);
                    }

                    reason = failure.Reason;
                    break;
                }

                if (failure.Kind == FailureKind.Transient && attempt < retries)
                {
                    await Task.Delay(options.Value.RetryBaseDelay * Math.Pow(2, attempt), clock, ct);
                    continue;
                }

                if (endpoint is not null)
                {
                    if (failure.Kind == FailureKind.Transient)
                    {
                        breakers.Failure(endpoint.Id);
                    }
                    else
                    {
                        breakers.Release(endpoint.Id);
                    }
                }

                path.Add(new LlmFallbackStep(model.ModelId, failure.Reason));
                return default;
            }
        }
    }

    private static async Task<OpenedStream> OpenStreamAsync(IChatClient client, List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken ct)
    {
        var enumerator = client.GetStreamingResponseAsync(messages, chatOptions, ct).GetAsyncEnumerator(ct);
        try
        {
            return await enumerator.MoveNextAsync() ? new OpenedStream(enumerator.Current, enumerator) : new OpenedStream(null, enumerator);
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

    private async Task<ChatResponseUpdate?> NextOrFailAsync(
        IAsyncEnumerator<ChatResponseUpdate> rest, GatewayCall call, Candidate candidate, List<LlmFallbackStep> path, long started, PromptTokens prompt, StringBuilder text, CancellationToken ct)
    {
        try
        {
            return await rest.MoveNextAsync() ? rest.Current : null;
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            var failure = CallFailure.Classify(exception);
            path.Add(new LlmFallbackStep(candidate.Model.ModelId, failure.Reason));
            var usage = new LlmUsage(prompt.For(candidate.Model.ModelId), tokens.Count(candidate.Model.ModelId, text.ToString()));
            var error = $"The stream from '{candidate.Model.ModelId}' broke off: {failure.Message}";
            await FinishAsync(call, candidate, usage, null, error, path, Done.Of(started, clock), CancellationToken.None);
            throw new DomainException(ErrorKind.BadGateway, "llm.stream_interrupted", error);
        }
    }

    /// <summary>A stream that ended early after delivering text (the caller left): what was delivered is recorded.</summary>
    private async Task RecordCutShortAsync(GatewayCall call, Candidate candidate, PromptTokens prompt, StringBuilder produced, List<LlmFallbackStep> path, long started)
    {
        var usage = new LlmUsage(prompt.For(candidate.Model.ModelId), tokens.Count(candidate.Model.ModelId, produced.ToString()));
        try
        {
            await FinishAsync(call, candidate, usage, null, "The stream ended before the answer was complete (the caller went away).", path, Done.Of(started, clock), CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or DomainException)
        {
            LogRecordFailed(logger, call.RequestId, exception);
        }
    }

    private int CountOutput(string model, LlmChatMessage message) =>
        tokens.Count(model, message.Content) + (message.ToolCalls?.Sum(c => tokens.Count(model, c.Name) + tokens.Count(model, c.Arguments)) ?? 0);

    private int BatchSizeOf(Provider provider)
    {
        using var metadata = JsonDocument.Parse(provider.Metadata);
        return metadata.RootElement.TryGetProperty("embedding_batch_size", out var size) && size.TryGetInt32(out var n) && n > 0 ? n : options.Value.EmbeddingBatchSize;
    }

    private static LlmAnsweringModel Answering(Candidate c) => new(c.Model.Id, c.Model.ModelId, c.Provider.Id, c.Provider.Name, c.Provider.Type);

    /// <summary>The stored answer of an earlier call with this request id, if there is one.</summary>
    private async Task<string?> FirstAnswerAsync(GatewayCall call, CancellationToken ct)
    {
        var first = await Db.GatewayRequests.AsNoTracking()
            .Where(r => r.UserId == call.UserId && r.RequestId == call.RequestId)
            .Select(r => new { r.RequestHash, r.Status, r.Response, r.Error })
            .FirstOrDefaultAsync(ct);
        if (first is null)
        {
            return null;
        }

        if (first.RequestHash != call.Hash)
        {
            throw DomainException.Conflict("llm.request_id_reused", $"Request id '{call.RequestId}' was already used for a different request.");
        }

        return first.Status == GatewayRequestStatus.Succeeded
            ? first.Response
            : throw new DomainException(ErrorKind.BadGateway, "llm.all_models_failed", first.Error ?? "The request failed.");
    }

    /// <summary>
    /// Records the call and publishes its usage event in one round trip. Returns null when this call is the one on
    /// record, or the answer of a concurrent call with the same request id that was recorded first.
    /// </summary>
    private async Task<string?> FinishAsync(GatewayCall call, Candidate candidate, LlmUsage usage, object? response, string? error, List<LlmFallbackStep> path, Done done, CancellationToken ct)
    {
        var first = await records.TryRecordAsync(RecordOf(call, candidate, usage, response, error, path, done), ct);
        call.Recorded = true;

        // Not first: a twin with the same request id was recorded before; its answer is the one counted.
        return first ? null : await FirstAnswerAsync(call, ct);
    }

    /// <summary>The call's record and its usage event. Uses no scoped service: it may run after the request ended.</summary>
    private static CallRecord RecordOf(GatewayCall call, Candidate candidate, LlmUsage usage, object? response, string? error, List<LlmFallbackStep> path, Done done)
    {
        var (latency, now) = done;
        var cost = error is null ? candidate.Model.CostOf(usage.InputTokens, usage.OutputTokens) : 0m;
        var record = GatewayRequest.Record(call.UserId, call.RequestId, call.Hash, call.Service, candidate.Model.Id, usage.InputTokens, usage.OutputTokens, cost, latency,
            response is null ? null : JsonSerializer.Serialize(response, Json), error, call.StartedAt, now);
        var usageEvent = OutboxMessage.From(new LlmUsageRecordedIntegrationEvent
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            RequestId = call.RequestId,
            UserId = call.UserId,
            Service = call.Service,
            ModelId = candidate.Model.Id,
            ModelName = candidate.Model.ModelId,
            ProviderId = candidate.Provider.Id,
            ProviderType = candidate.Provider.Type,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            InputPricePer1K = candidate.Model.InputPricePer1K,
            OutputPricePer1K = candidate.Model.OutputPricePer1K,
            Cost = cost,
            Currency = candidate.Model.Currency,
            LatencyMs = latency,
            Success = error is null,
            Error = error,
            FallbackUsed = path.Count > 0,
            FallbackPath = [.. path.Select(p => $"{p.Model}: {p.Reason}")],
        });

        return new CallRecord(record, usageEvent);
    }

    private async Task<DomainException> FailAsync(GatewayCall call, IReadOnlyList<Candidate> candidates, List<LlmFallbackStep> path, long started, CancellationToken ct)
    {
        var error = "No model could answer: " + string.Join("; ", path.Select(p => $"{p.Model} ({p.Reason})"));
        await FinishAsync(call, candidates[^1], new LlmUsage(0, 0), null, error, path, Done.Of(started, clock), ct);
        return new DomainException(ErrorKind.BadGateway, "llm.all_models_failed", error);
    }

    private static T ReplayOf<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;

    private static string HashOf<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record request {RequestId} after its stream ended early")]
    private static partial void LogRecordFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed: model {Model} of provider {Provider}, reason {Reason}, attempt {Attempt}")]
    private static partial void LogCallFailed(ILogger logger, string model, string provider, string reason, int attempt);

    /// <summary>One request through the gateway, until it is recorded.</summary>
    private sealed record GatewayCall(Guid UserId, string RequestId, Lazy<string> Fingerprint, string Service, DateTimeOffset StartedAt)
    {
        public bool Recorded { get; set; }

        /// <summary>
        /// What a repeated request id is compared against. Computed when first needed: before the call when the
        /// caller chose the request id, in the record's write after the answer when the gateway generated it.
        /// </summary>
        public string Hash => Fingerprint.Value;

        public static GatewayCall Of<T>(Guid userId, string requestId, T request, string service, DateTimeOffset startedAt) =>
            new(userId, requestId, new Lazy<string>(() => HashOf(request)), service, startedAt);
    }

    /// <summary>When a call ended: its latency and the time it completed.</summary>
    private sealed record Done(long LatencyMs, DateTimeOffset At)
    {
        public static Done Of(long started, TimeProvider clock) => new((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, clock.GetUtcNow());
    }

    private sealed record EmbedOutcome(List<float[]> Vectors, long? Tokens);

    private sealed record OpenedStream(ChatResponseUpdate? First, IAsyncEnumerator<ChatResponseUpdate> Rest);
}
