using System.Collections.Concurrent;
using AgentPlatform.BuildingBlocks.Domain;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace AgentPlatform.BuildingBlocks.Application;

/// <summary>Runs every validator of a message and reports all failures at once, before the handler runs.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<ValidationFailure>? failures = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateQuicklyAsync(message, cancellationToken);
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        if (failures is not null)
        {
            throw ValidationFailures.ToDomainException(failures);
        }

        return await next(message, cancellationToken);
    }
}

public static class ValidationFailures
{
    private static readonly ConcurrentDictionary<Type, bool> Asynchronous = new();

    /// <summary>
    /// Validates synchronously unless the validator has asynchronous rules. FluentValidation's synchronous path costs
    /// a fraction of its asynchronous one (no state machine per rule and element), and nearly every validator here
    /// is synchronous. One that is not refuses the synchronous call with
    /// <see cref="AsyncValidatorInvokedSynchronouslyException"/>; its type is validated asynchronously from then on.
    /// </summary>
    public static async ValueTask<ValidationResult> ValidateQuicklyAsync<T>(this IValidator<T> validator, T instance, CancellationToken cancellationToken)
    {
        if (!Asynchronous.ContainsKey(validator.GetType()))
        {
            try
            {
                return validator.Validate(instance);
            }
            catch (AsyncValidatorInvokedSynchronouslyException)
            {
                Asynchronous[validator.GetType()] = true;
            }
        }

        return await validator.ValidateAsync(instance, cancellationToken);
    }

    /// <summary>Every failure as a 400 with per-field errors; also for messages the pipeline does not see (streams).</summary>
    public static DomainException ToDomainException(IEnumerable<ValidationFailure> failures)
    {
        var errors = failures
            .GroupBy(f => JsonFieldName(f.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        return new DomainException(ErrorKind.Validation, "validation", "One or more fields are invalid.") { Errors = errors };
    }

    /// <summary>Field names are reported the way the client wrote them: camelCase, dotted paths.</summary>
    private static string JsonFieldName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
