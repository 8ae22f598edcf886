namespace AgentPlatform.BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the dispatcher job polls the outboxes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages taken per batch and module.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After this many failed attempts a message is marked failed and left for inspection.</summary>
    public int MaxAttempts { get; set; } = 12;
}
