using System.Text.Json;
using AgentPlatform.BuildingBlocks.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.BuildingBlocks.Messaging;

/// <summary>An integration event waiting in its publisher's schema to be delivered after commit.</summary>
public sealed class OutboxMessage
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private OutboxMessage()
    {
    }

    /// <summary>The event's own id, so a redelivered event keeps its identity.</summary>
    public Guid Id { get; private set; }

    /// <summary>CLR type of the event, as "Full.Type.Name, Assembly".</summary>
    public string Type { get; private set; } = "";

    public string Content { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; internal set; }

    public int Attempts { get; internal set; }

    public string? LastError { get; internal set; }

    public DateTimeOffset? ProcessedAt { get; internal set; }

    /// <summary>Set when delivery was given up after the maximum number of attempts; kept for inspection.</summary>
    public DateTimeOffset? FailedAt { get; internal set; }

    public static OutboxMessage From(IIntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        return new OutboxMessage
        {
            Id = integrationEvent.EventId,
            Type = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Content = JsonSerializer.Serialize(integrationEvent, type, SerializerOptions),
            OccurredAt = integrationEvent.OccurredAt,
            NextAttemptAt = integrationEvent.OccurredAt,
        };
    }

    internal IIntegrationEvent Deserialize()
    {
        var type = System.Type.GetType(Type, throwOnError: true)!;
        return (IIntegrationEvent)JsonSerializer.Deserialize(Content, type, SerializerOptions)!;
    }
}

/// <summary>A consumer's record that it processed an event: the idempotency key of at-least-once delivery.</summary>
public sealed class InboxMessage(Guid eventId, string consumer, DateTimeOffset processedAt)
{
    public Guid EventId { get; private set; } = eventId;

    public string Consumer { get; private set; } = consumer;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Type).HasMaxLength(500).IsRequired();
        builder.Property(x => x.Content).HasColumnType("jsonb").IsRequired();
        builder.Property(x => x.LastError).HasMaxLength(2000);
        builder.HasIndex(x => x.NextAttemptAt).HasFilter("processed_at IS NULL AND failed_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
    }
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable("inbox_messages");
        builder.HasKey(x => new { x.EventId, x.Consumer });
        builder.Property(x => x.Consumer).HasMaxLength(300);
    }
}
