namespace AgentPlatform.Modules.Billing.Domain;

/// <summary>The available balance (plus credit limit) does not cover an amount: 402 at the API, a typed result in Contracts.</summary>
internal sealed class InsufficientFundsException : DomainException
{
    public InsufficientFundsException(decimal needed, decimal available)
        : base(ErrorKind.PaymentRequired, "billing.insufficient_funds", $"Insufficient funds: {needed} is needed and {available} is available.")
    {
        Needed = needed;
        Available = available;
    }

    public InsufficientFundsException()
        : this(0, 0)
    {
    }

    public InsufficientFundsException(string message)
        : base(ErrorKind.PaymentRequired, "billing.insufficient_funds", message)
    {
    }

    public InsufficientFundsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public decimal Needed { get; }

    public decimal Available { get; }
}
