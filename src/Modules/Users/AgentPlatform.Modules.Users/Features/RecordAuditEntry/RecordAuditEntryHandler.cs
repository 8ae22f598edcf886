using System.Text.Json;
using AgentPlatform.Modules.Users.Domain.AuditLogs;

namespace AgentPlatform.Modules.Users.Features.RecordAuditEntry;

internal sealed class RecordAuditEntryValidator : AbstractValidator<Contracts.RecordAuditEntry>
{
    public RecordAuditEntryValidator()
    {
        RuleFor(x => x.Action).NotEmpty().MaximumLength(64).Matches("^[a-z0-9_]+(\\.[a-z0-9_]+)+$")
            .WithMessage("An action is a dotted lower-case name such as 'billing.adjustment'.");
        RuleFor(x => x.TargetType).MaximumLength(64);
        RuleFor(x => x.TargetId).MaximumLength(100);
        RuleFor(x => x.IpAddress).MaximumLength(64);
        RuleFor(x => x.Payload).Must(BeAJsonObject).When(x => x.Payload is not null).WithMessage("The payload must be a JSON object.");
    }

    private static bool BeAJsonObject(string? payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload!);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

internal sealed class RecordAuditEntryHandler(UsersDbContext db, TimeProvider clock) : ICommandHandler<Contracts.RecordAuditEntry>
{
    public async ValueTask<Unit> Handle(Contracts.RecordAuditEntry command, CancellationToken cancellationToken)
    {
        db.AuditLogs.Add(AuditLog.Record(command.ActorUserId, command.Action, command.TargetType, command.TargetId, command.IpAddress, command.Payload, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
