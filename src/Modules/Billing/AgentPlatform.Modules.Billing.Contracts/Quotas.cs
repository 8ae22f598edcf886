using Mediator;

namespace AgentPlatform.Modules.Billing.Contracts;

/// <summary>
/// Reads a user's quota before work: requests in the current minute and tokens today against the limits of the
/// user's plan (a subscription product) or the platform's defaults. Counts nothing; see <see cref="ConsumeQuota"/>.
/// </summary>
/// <param name="UserId">The user.</param>
public sealed record CheckQuota(Guid UserId) : IQuery<QuotaDecision>;

/// <summary>
/// Counts usage atomically in PostgreSQL (so the limits hold across Hosts): <see cref="Requests"/> are admitted only
/// while the minute's count stays within the limit (a refused request is not counted); <see cref="Tokens"/> used are
/// always added to today's count. Send it with Requests = 1 before a call, and with the tokens after it.
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="Requests">Requests to admit (0 or more).</param>
/// <param name="Tokens">Tokens used (0 or more).</param>
public sealed record ConsumeQuota(Guid UserId, int Requests, long Tokens) : ICommand<QuotaDecision>;

/// <summary>Whether work may go ahead, and the counters behind the answer.</summary>
/// <param name="Allowed">False when a limit is reached.</param>
/// <param name="Reason">"requests_per_minute" or "tokens_per_day" when refused.</param>
/// <param name="RequestsThisMinute">Requests counted in the current minute.</param>
/// <param name="RequestsPerMinute">The limit (null: unlimited).</param>
/// <param name="TokensToday">Tokens counted today (UTC).</param>
/// <param name="TokensPerDay">The limit (null: unlimited).</param>
/// <param name="RetryAfter">When refused, how long until the limiting window ends.</param>
public sealed record QuotaDecision(bool Allowed, string? Reason, long RequestsThisMinute, long? RequestsPerMinute, long TokensToday, long? TokensPerDay, TimeSpan? RetryAfter);
