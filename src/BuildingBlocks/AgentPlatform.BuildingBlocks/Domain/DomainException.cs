namespace AgentPlatform.BuildingBlocks.Domain;

/// <summary>What kind of rule was broken; decides the HTTP status in exactly one place.</summary>
public enum ErrorKind
{
    /// <summary>The input is wrong (400).</summary>
    Validation,

    /// <summary>The caller is not who they claim, or claims nothing (401).</summary>
    Unauthorized,

    /// <summary>The caller lacks the rights (403).</summary>
    Forbidden,

    /// <summary>No such object for this caller (404); also used where existence must not leak.</summary>
    NotFound,

    /// <summary>The object's state forbids the operation, or a uniqueness rule is broken (409).</summary>
    Conflict,

    /// <summary>Not enough money (402).</summary>
    PaymentRequired,

    /// <summary>The payload is larger than accepted (413).</summary>
    PayloadTooLarge,

    /// <summary>Too many requests; retry later (429).</summary>
    TooManyRequests,

    /// <summary>An upstream service (e.g. a model provider) failed to answer (502).</summary>
    BadGateway,
}

/// <summary>
/// A broken business rule. <see cref="Code"/> is a stable machine-readable identifier
/// (for example <c>users.username_taken</c>); the message is for people.
/// </summary>
public class DomainException : Exception
{
    public DomainException(ErrorKind kind, string code, string message)
        : base(message)
    {
        Kind = kind;
        Code = code;
    }

    public DomainException()
        : this(ErrorKind.Conflict, "domain.error", "A business rule was broken.")
    {
    }

    public DomainException(string message)
        : this(ErrorKind.Conflict, "domain.error", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ErrorKind.Conflict;
        Code = "domain.error";
    }

    public ErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>For 429 answers: how long the client should wait.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Field errors for <see cref="ErrorKind.Validation"/>, keyed by camelCase field name.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public static DomainException NotFound(string what, object id) =>
        new(ErrorKind.NotFound, "not_found", $"{what} '{id}' was not found.");

    public static DomainException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static DomainException Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static DomainException Unauthorized(string code, string message) => new(ErrorKind.Unauthorized, code, message);

    public static DomainException Invalid(string field, string message) =>
        new(ErrorKind.Validation, "validation", message) { Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] } };

    public static DomainException TooManyRequests(string message, TimeSpan retryAfter) =>
        new(ErrorKind.TooManyRequests, "too_many_requests", message) { RetryAfter = retryAfter };
}
