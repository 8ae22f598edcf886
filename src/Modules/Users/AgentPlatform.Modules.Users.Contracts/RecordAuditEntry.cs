using Mediator;

namespace AgentPlatform.Modules.Users.Contracts;

/// <summary>
/// Writes an entry to the platform's audit log (kept by the Users module) on behalf of another module,
/// for example a billing adjustment. The entry commits in the Users module's own transaction: send it after
/// the audited change has committed. Never put secrets in the payload.
/// </summary>
/// <param name="ActorUserId">Who acted; null for the system (a scheduled job).</param>
/// <param name="Action">A dotted, lower-case action name owned by the calling module, e.g. "billing.adjustment".</param>
/// <param name="TargetType">The kind of object acted on, e.g. "account".</param>
/// <param name="TargetId">The object's id.</param>
/// <param name="Payload">Details as a JSON object, or null.</param>
/// <param name="IpAddress">The client's address, when the action came from a request.</param>
public sealed record RecordAuditEntry(Guid? ActorUserId, string Action, string? TargetType, string? TargetId, string? Payload, string? IpAddress) : ICommand;
