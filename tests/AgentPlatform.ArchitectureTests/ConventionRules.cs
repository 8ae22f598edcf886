using System.Reflection;
using System.Runtime.CompilerServices;
using AgentPlatform.ArchitectureTests.Support;
using AgentPlatform.BuildingBlocks.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.ArchitectureTests;

/// <summary>Rules 5 to 7 of ARCHITECTURE.md: handlers, validators, integration events and the DbContext.</summary>
public sealed class ConventionRules
{
    /// <summary>Every handler interface of Mediator: ICommandHandler&lt;,&gt;, ICommandHandler&lt;&gt;, IQueryHandler&lt;,&gt;, IRequestHandler&lt;,&gt;, INotificationHandler&lt;&gt;, the stream handlers...</summary>
    private static readonly HashSet<Type> MediatorHandlerInterfaces =
    [
        .. typeof(ICommandHandler<,>).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && t.IsGenericTypeDefinition && t.Namespace == "Mediator" && Rule.SimpleName(t).EndsWith("Handler", StringComparison.Ordinal)),
    ];

    [Fact]
    public void Mediator_handler_interfaces_are_found() =>
        new[] { typeof(ICommandHandler<,>), typeof(ICommandHandler<>), typeof(IQueryHandler<,>), typeof(IRequestHandler<,>), typeof(INotificationHandler<>) }
            .Where(t => !MediatorHandlerInterfaces.Contains(t))
            .ShouldBeEmpty();

    // Rule 5.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Handlers_are_internal_sealed_and_named_Handler(string name)
    {
        var module = ModuleCatalog.Get(name);
        var handlers = module.Assemblies.SelectMany(a => a.GetTypes()).Where(IsMediatorHandler).ToList();

        handlers.ShouldNotBeEmpty($"Module {module.Name} has no Mediator handler; is the rule still finding them?");
        Rule.NoOffenders(
            handlers.Where(t => !(Rule.IsInternal(t) && t.IsSealed && Rule.SimpleName(t).EndsWith("Handler", StringComparison.Ordinal)))
                .Select(t => $"{t.FullName} ({Describe(t)})"),
            $"Rule 5: Mediator handlers of module {module.Name} must be internal sealed classes named *Handler.");
    }

    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Validators_are_internal_sealed_and_named_Validator(string name)
    {
        var module = ModuleCatalog.Get(name);
        var validators = module.Assemblies.SelectMany(a => a.GetTypes()).Where(IsFluentValidator).ToList();

        Rule.NoOffenders(
            validators.Where(t => !(Rule.IsInternal(t) && t.IsSealed && Rule.SimpleName(t).EndsWith("Validator", StringComparison.Ordinal)))
                .Select(t => $"{t.FullName} ({Describe(t)})"),
            $"Rule 5: FluentValidation validators of module {module.Name} must be internal sealed classes named *Validator.");
    }

    // Rule 6. Events are written to the outbox as JSON and read back: they must not change after creation,
    // and every property must be settable by the deserializer, hence init-only rather than get-only.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Integration_events_are_sealed_named_IntegrationEvent_with_init_only_properties(string name)
    {
        var module = ModuleCatalog.Get(name);
        var events = module.Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => typeof(IIntegrationEvent).IsAssignableFrom(t) && !t.IsInterface)
            .ToList();

        var offenders = new List<string>();
        foreach (var type in events)
        {
            if (!type.IsSealed)
            {
                offenders.Add($"{type.FullName} is not sealed");
            }

            if (!Rule.SimpleName(type).EndsWith("IntegrationEvent", StringComparison.Ordinal))
            {
                offenders.Add($"{type.FullName} is not named *IntegrationEvent");
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is not { } setter)
                {
                    offenders.Add($"{type.FullName}.{property.Name} has no init accessor");
                }
                else if (!setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                {
                    offenders.Add($"{type.FullName}.{property.Name} has a setter that is not init-only");
                }
            }
        }

        Rule.NoOffenders(offenders, $"Rule 6: integration events of module {module.Name} must be sealed, named *IntegrationEvent, and have only init-only public properties.");
    }

    // Rule 7.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Module_has_exactly_one_internal_DbContext_in_Infrastructure_Persistence(string name)
    {
        var module = ModuleCatalog.Get(name);
        var persistence = $"{module.ImplementationName}.Infrastructure.Persistence";
        var contexts = module.Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t != typeof(DbContext) && typeof(DbContext).IsAssignableFrom(t))
            .ToList();

        contexts.Count.ShouldBe(
            1,
            $"Rule 7: module {module.Name} must have exactly one DbContext; found: {(contexts.Count == 0 ? "none" : string.Join(", ", contexts.Select(t => t.FullName)))}.");
        Rule.NoOffenders(
            contexts.Where(t => !Rule.IsInternal(t) || t.Namespace != persistence).Select(t => $"{t.FullName} ({Describe(t)})"),
            $"Rule 7: the DbContext of module {module.Name} must be internal and in {persistence}.");
    }

    private static bool IsMediatorHandler(Type type) =>
        !type.IsInterface && type.GetInterfaces().Any(i => i.IsGenericType && MediatorHandlerInterfaces.Contains(i.GetGenericTypeDefinition()));

    private static bool IsFluentValidator(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Type type) =>
        $"{(Rule.IsInternal(type) ? "internal" : type.IsVisible ? "public" : "not internal")}{(type.IsSealed ? " sealed" : "")}{(type.IsAbstract ? " abstract" : "")}";
}
