using System.Collections.Concurrent;
using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Llm.Features.Gateway;

/// <summary>
/// Remembers which models a (user, model, profile) request resolves to, for a few seconds, so a call costs no
/// catalog queries. Any change to the catalog saved through this Host clears it at once; other Hosts see the change
/// when their entries expire (<see cref="GatewayOptions.PlanCacheDuration"/>). Keys, quotas and circuit state are
/// never cached here: they are read per call.
/// </summary>
internal sealed class GatewayPlanCache(TimeProvider clock, IOptions<GatewayOptions> options)
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<PlanKey, (DateTimeOffset Expires, ResolvedPlan Plan)> _plans = new();
    private long _clears;

    public async Task<ResolvedPlan> GetOrAddAsync(PlanKey key, Func<Task<ResolvedPlan>> resolve)
    {
        var now = clock.GetUtcNow();
        if (_plans.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Plan;
        }

        // A catalog change while resolving may not be in what was read: then the plan serves this request only.
        var clears = Interlocked.Read(ref _clears);
        var plan = await resolve();
        if (options.Value.PlanCacheDuration > TimeSpan.Zero && Interlocked.Read(ref _clears) == clears)
        {
            if (_plans.Count >= MaxEntries)
            {
                // Memory follows the users active in the last seconds, not every (user, model) ever seen.
                foreach (var (staleKey, entry) in _plans)
                {
                    if (entry.Expires <= now)
                    {
                        _plans.TryRemove(staleKey, out _);
                    }
                }
            }

            _plans[key] = (now + options.Value.PlanCacheDuration, plan);
            if (Interlocked.Read(ref _clears) != clears)
            {
                _plans.TryRemove(key, out _);
            }
        }

        return plan;
    }

    public void Clear()
    {
        Interlocked.Increment(ref _clears);
        _plans.Clear();
    }
}

internal readonly record struct PlanKey(Guid UserId, string Kind, string? Model, Guid? ProfileId);
