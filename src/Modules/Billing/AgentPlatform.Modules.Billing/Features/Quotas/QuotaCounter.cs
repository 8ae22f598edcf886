using System.Text.Json;
using AgentPlatform.Modules.Billing.Contracts;
using AgentPlatform.Modules.Billing.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Modules.Billing.Features.Quotas;

/// <summary>The limits that apply to a user: from the subscription product of their plan, else the configured defaults (0 = unlimited).</summary>
internal sealed record QuotaLimits(long RequestsPerMinute, long TokensPerDay);

/// <summary>
/// Counts requests per minute and tokens per UTC day in PostgreSQL with single-statement upserts, so that every Host
/// sees one count; a request over the limit is refused by the same statement that would count it.
/// </summary>
internal sealed class QuotaCounter(BillingDbContext db, IOptions<BillingOptions> options, TimeProvider clock)
{
    public const string Minute = "minute";
    public const string Day = "day";

    /// <summary>Adds tokens already used to today's count, in one statement (no decision: the work happened).</summary>
    public Task AddTokensAsync(Guid userId, long tokens, CancellationToken cancellationToken) => AddTokensAsync(userId, tokens, Windows().Day, cancellationToken);

    private async Task AddTokensAsync(Guid userId, long tokens, DateTimeOffset day, CancellationToken cancellationToken)
    {
        if (tokens <= 0)
        {
            return;
        }

        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO billing.usage_counters (user_id, "window", window_start, requests, tokens) VALUES ({userId}, {Day}, {day}, 0, {tokens})
            ON CONFLICT (user_id, "window", window_start) DO UPDATE SET tokens = usage_counters.tokens + EXCLUDED.tokens
            """,
            cancellationToken);
    }

    public async Task<QuotaLimits> LimitsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Quotas;
        var metadata = await (
            from account in db.Accounts.AsNoTracking()
            join product in db.Products.AsNoTracking() on account.PlanProductId equals product.Id
            where account.UserId == userId
            select product.Metadata).FirstOrDefaultAsync(cancellationToken);
        var requests = defaults.RequestsPerMinute;
        var tokens = defaults.TokensPerDay;
        if (metadata is not null)
        {
            using var document = JsonDocument.Parse(metadata);
            if (document.RootElement.TryGetProperty("requestsPerMinute", out var r) && r.TryGetInt64(out var rpm))
            {
                requests = rpm;
            }

            if (document.RootElement.TryGetProperty("tokensPerDay", out var t) && t.TryGetInt64(out var tpd))
            {
                tokens = tpd;
            }
        }

        return new QuotaLimits(requests, tokens);
    }

    public async Task<QuotaDecision> CheckAsync(Guid userId, CancellationToken cancellationToken)
    {
        var limits = await LimitsAsync(userId, cancellationToken);
        var (minute, day, now) = Windows();
        var counters = await db.UsageCounters.AsNoTracking()
            .Where(c => c.UserId == userId && ((c.Window == Minute && c.WindowStart == minute) || (c.Window == Day && c.WindowStart == day)))
            .ToListAsync(cancellationToken);
        var requests = counters.FirstOrDefault(c => c.Window == Minute)?.Requests ?? 0;
        var tokens = counters.FirstOrDefault(c => c.Window == Day)?.Tokens ?? 0;
        return Decide(limits, requests, tokens, requestsFit: limits.RequestsPerMinute == 0 || requests < limits.RequestsPerMinute, minute, day, now);
    }

    /// <summary>Admits <paramref name="requests"/> if the minute's count stays within the limit, and adds <paramref name="tokens"/> to today's count.</summary>
    public async Task<QuotaDecision> CountAsync(Guid userId, int requests, long tokens, CancellationToken cancellationToken)
    {
        var limits = await LimitsAsync(userId, cancellationToken);
        var (minute, day, now) = Windows();
        await AddTokensAsync(userId, tokens, day, cancellationToken);

        var tokensToday = await db.UsageCounters.AsNoTracking()
            .Where(c => c.UserId == userId && c.Window == Day && c.WindowStart == day).Select(c => c.Tokens).FirstOrDefaultAsync(cancellationToken);
        if (requests == 0)
        {
            var current = await db.UsageCounters.AsNoTracking()
                .Where(c => c.UserId == userId && c.Window == Minute && c.WindowStart == minute).Select(c => c.Requests).FirstOrDefaultAsync(cancellationToken);
            return Decide(limits, current, tokensToday, requestsFit: true, minute, day, now);
        }

        var tokensFit = limits.TokensPerDay == 0 || tokensToday < limits.TokensPerDay;
        if (!tokensFit || (limits.RequestsPerMinute > 0 && requests > limits.RequestsPerMinute))
        {
            return Decide(limits, 0, tokensToday, requestsFit: tokensFit && requests <= limits.RequestsPerMinute, minute, day, now);
        }

        // The conditional upsert is the atomic check-and-count: no row comes back when the limit would be passed.
        var limit = limits.RequestsPerMinute;
        var counted = await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO billing.usage_counters (user_id, "window", window_start, requests, tokens) VALUES ({userId}, {Minute}, {minute}, {(long)requests}, 0)
            ON CONFLICT (user_id, "window", window_start) DO UPDATE SET requests = usage_counters.requests + EXCLUDED.requests
            WHERE {limit} = 0 OR usage_counters.requests + EXCLUDED.requests <= {limit}
            RETURNING requests AS "Value"
            """).ToListAsync(cancellationToken);
        if (counted.Count == 1)
        {
            return Decide(limits, counted[0], tokensToday, requestsFit: true, minute, day, now);
        }

        return Decide(limits, limit, tokensToday, requestsFit: false, minute, day, now);
    }

    private (DateTimeOffset Minute, DateTimeOffset Day, DateTimeOffset Now) Windows()
    {
        var now = clock.GetUtcNow();
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return (minute, new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero), now);
    }

    private static QuotaDecision Decide(QuotaLimits limits, long requests, long tokens, bool requestsFit, DateTimeOffset minute, DateTimeOffset day, DateTimeOffset now)
    {
        long? rpm = limits.RequestsPerMinute == 0 ? null : limits.RequestsPerMinute;
        long? tpd = limits.TokensPerDay == 0 ? null : limits.TokensPerDay;
        if (tpd is not null && tokens >= tpd)
        {
            return new QuotaDecision(false, "tokens_per_day", requests, rpm, tokens, tpd, day.AddDays(1) - now);
        }

        return requestsFit
            ? new QuotaDecision(true, null, requests, rpm, tokens, tpd, null)
            : new QuotaDecision(false, "requests_per_minute", requests, rpm, tokens, tpd, minute.AddMinutes(1) - now);
    }
}
