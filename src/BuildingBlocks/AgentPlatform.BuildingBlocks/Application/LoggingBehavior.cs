using System.Diagnostics;
using AgentPlatform.BuildingBlocks.Domain;
using Mediator;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.BuildingBlocks.Application;

/// <summary>
/// Logs each message's name, outcome and duration. Never the message itself: it may carry passwords or keys.
/// </summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            LogHandled(logger, typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (DomainException ex)
        {
            LogRejected(logger, typeof(TMessage).Name, ex.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Message} handled in {ElapsedMs:F1} ms")]
    private static partial void LogHandled(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message} rejected ({Code}) in {ElapsedMs:F1} ms")]
    private static partial void LogRejected(ILogger logger, string message, string code, double elapsedMs);
}
