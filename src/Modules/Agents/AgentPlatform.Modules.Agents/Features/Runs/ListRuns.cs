using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AgentPlatform.Modules.Agents.Domain.Traces;

namespace AgentPlatform.Modules.Agents.Features.Runs;

/// <summary>The user's runs, newest first, by cursor; optionally of one agent, in a time range, by outcome.</summary>
internal sealed record ListRuns(Guid UserId, Guid? AgentId, DateTimeOffset? From, DateTimeOffset? To, bool? Success, string? Cursor, int? Limit) : IQuery<CursorPage<RunSummary>>;

internal sealed class ListRunsValidator : AbstractValidator<ListRuns>
{
    public ListRunsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithMessage("limit is between 1 and 100.");
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("to is after from.");
        RuleFor(x => x.Cursor).Must(c => c is null || RunCursor.TryParse(c, out _)).WithMessage("cursor is not one this API returned.");
    }
}

internal sealed class ListRunsHandler(AgentsDbContext db) : IQueryHandler<ListRuns, CursorPage<RunSummary>>
{
    public async ValueTask<CursorPage<RunSummary>> Handle(ListRuns query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? 20;
        IQueryable<ExecutionSummary> runs = db.ExecutionSummaries;
        if (query.Cursor is not null && RunCursor.TryParse(query.Cursor, out var after))
        {
            // A row comparison walks the (user_id, execution_start_time DESC, id DESC) index from the cursor on.
            runs = db.ExecutionSummaries.FromSql($"SELECT * FROM agents.agent_execution_summary WHERE (execution_start_time, id) < ({after.At}, {after.Id})");
        }

        runs = runs.AsNoTracking().Where(r => r.UserId == query.UserId);
        if (query.AgentId is { } agentId)
        {
            runs = runs.Where(r => r.AgentId == agentId);
        }

        if (query.From is { } from)
        {
            // Npgsql writes timestamptz only from UTC offsets; a client may send any offset.
            var fromUtc = from.ToUniversalTime();
            runs = runs.Where(r => r.StartedAt >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = to.ToUniversalTime();
            runs = runs.Where(r => r.StartedAt < toUtc);
        }

        if (query.Success is { } success)
        {
            runs = runs.Where(r => r.Success == success);
        }

        var rows = await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(limit + 1)
            .Select(r => new { r.Id, Summary = GetRunHandler.Project(r) })
            .ToListAsync(cancellationToken);
        var next = rows.Count > limit ? RunCursor.Format(rows[limit - 1].Summary.ExecutionStartTime, rows[limit - 1].Id) : null;
        return new CursorPage<RunSummary>([.. rows.Take(limit).Select(r => r.Summary)], next);
    }
}

[StructLayout(LayoutKind.Auto)]
internal readonly record struct RunCursor(DateTimeOffset At, Guid Id)
{
    public static string Format(DateTimeOffset at, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}:{id:N}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryParse(string text, out RunCursor cursor)
    {
        cursor = default;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new RunCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
