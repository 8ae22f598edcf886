using System.Collections.Concurrent;

namespace AgentPlatform.Modules.Llm.Infrastructure.Gateway;

internal sealed class GatewayOptions
{
    public const string Section = "Llm:Gateway";

    /// <summary>Consecutive failures of an endpoint that open its circuit.</summary>
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit refuses calls before one trial call is let through.</summary>
    public TimeSpan BreakerOpenDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a credential rests after a 429 without a Retry-After header.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First pause between retries of one endpoint (doubles each time).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a resolved model plan is reused (0 turns the cache off); see GatewayPlanCache.</summary>
    public TimeSpan PlanCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Inputs per embedding request when the provider's metadata does not say (embedding_batch_size).</summary>
    public int EmbeddingBatchSize { get; set; } = 256;
}

internal enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>
/// A circuit breaker per endpoint, per Host: after repeated failures the endpoint is skipped (its models fall
/// back at once) until the open period passes; then one trial call decides whether it closes again. Kept in
/// memory on purpose: it is each Host's own view of an endpoint's health and costs nothing to rebuild.
/// </summary>
internal sealed class CircuitBreakers(TimeProvider clock, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Breaker> _breakers = new();

    public BreakerState StateOf(Guid endpointId) => _breakers.TryGetValue(endpointId, out var b) ? b.State(clock.GetUtcNow(), options.Value.BreakerOpenDuration) : BreakerState.Closed;

    /// <summary>True when a call may go out now; in half-open state only one caller gets true.</summary>
    public bool TryAcquire(Guid endpointId)
    {
        var breaker = _breakers.GetOrAdd(endpointId, _ => new Breaker());
        lock (breaker)
        {
            var now = clock.GetUtcNow();
            switch (breaker.State(now, options.Value.BreakerOpenDuration))
            {
                case BreakerState.Closed:
                    return true;
                case BreakerState.HalfOpen when !breaker.TrialInFlight:
                    breaker.TrialInFlight = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    public void Success(Guid endpointId)
    {
        if (_breakers.TryGetValue(endpointId, out var breaker))
        {
            lock (breaker)
            {
                breaker.Failures = 0;
                breaker.OpenedAt = null;
                breaker.TrialInFlight = false;
            }
        }
    }

    /// <summary>A let-through call that never reached the endpoint (no key, or a client error): it proves nothing.</summary>
    public void Release(Guid endpointId)
    {
        if (_breakers.TryGetValue(endpointId, out var breaker))
        {
            lock (breaker)
            {
                breaker.TrialInFlight = false;
            }
        }
    }

    public void Failure(Guid endpointId)
    {
        var breaker = _breakers.GetOrAdd(endpointId, _ => new Breaker());
        lock (breaker)
        {
            breaker.Failures++;
            if (breaker.TrialInFlight || breaker.Failures >= options.Value.BreakerFailureThreshold)
            {
                breaker.OpenedAt = clock.GetUtcNow();
            }

            breaker.TrialInFlight = false;
        }
    }

    private sealed class Breaker
    {
        public int Failures { get; set; }

        public DateTimeOffset? OpenedAt { get; set; }

        public bool TrialInFlight { get; set; }

        public BreakerState State(DateTimeOffset now, TimeSpan openDuration) =>
            OpenedAt is null ? BreakerState.Closed : now - OpenedAt < openDuration ? BreakerState.Open : BreakerState.HalfOpen;
    }
}
