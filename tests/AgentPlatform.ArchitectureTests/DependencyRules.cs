using System.Reflection;
using System.Text.RegularExpressions;
using AgentPlatform.ArchitectureTests.Support;
using AgentPlatform.BuildingBlocks.Contracts;
using AgentPlatform.BuildingBlocks.Domain;
using NetArchTest.Rules;

namespace AgentPlatform.ArchitectureTests;

/// <summary>Rules 1 to 3 of ARCHITECTURE.md: what each assembly and layer may depend on.</summary>
public sealed class DependencyRules
{
    private static readonly Assembly[] BuildingBlocks = [typeof(Entity).Assembly, typeof(IIntegrationEvent).Assembly];

    // Rule 1. NetArchTest matches dependency names with a plain "starts with", so the other module's
    // implementation is named type by type: "AgentPlatform.Modules.Users" would also match Users.Contracts.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Module_does_not_depend_on_another_modules_implementation(string name)
    {
        var module = ModuleCatalog.Get(name);
        foreach (var other in ModuleCatalog.All.Where(m => m.Name != module.Name))
        {
            Rule.NoOffenders(
                ReferencedAssemblies(module.Assemblies)
                    .Where(r => r.Reference == other.ImplementationName)
                    .Select(r => $"{r.From} references assembly {r.Reference}"),
                $"Rule 1: module {module.Name} must reach module {other.Name} only through {other.ContractsName}.");

            Rule.Passes(
                Types.InAssemblies(module.Assemblies).Should().NotHaveDependencyOnAny([.. other.ImplementationTypeNames]).GetResult(),
                $"Rule 1: types of module {module.Name} use types of {other.ImplementationName}; use {other.ContractsName} instead.");
        }
    }

    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Contracts_do_not_depend_on_their_own_implementation(string name)
    {
        var module = ModuleCatalog.Get(name);

        Rule.NoOffenders(
            ReferencedAssemblies([module.Contracts])
                .Where(r => r.Reference == module.ImplementationName)
                .Select(r => $"{r.From} references assembly {r.Reference}"),
            $"Rule 1: {module.ContractsName} must not reference its own implementation.");
        Rule.Passes(
            Types.InAssembly(module.Contracts).Should().NotHaveDependencyOnAny([.. module.ImplementationTypeNames]).GetResult(),
            $"Rule 1: {module.ContractsName} uses types of {module.ImplementationName}; Contracts are what the implementation implements, not the other way round.");
    }

    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void BuildingBlocks_do_not_depend_on_the_module(string name)
    {
        var module = ModuleCatalog.Get(name);

        Rule.NoOffenders(
            ReferencedAssemblies(BuildingBlocks)
                .Where(r => r.Reference == module.ImplementationName || r.Reference == module.ContractsName)
                .Select(r => $"{r.From} references assembly {r.Reference}"),
            $"Rule 1: the building blocks must not know module {module.Name}.");

        // Both the implementation and the Contracts are meant here, so the namespace prefix is what we want.
        Rule.Passes(
            Types.InAssemblies(BuildingBlocks).Should().NotHaveDependencyOn(module.ImplementationName).GetResult(),
            $"Rule 1: building-block types use types of module {module.Name}.");
    }

    // Rule 2.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Contracts_depend_only_on_System_Mediator_and_BuildingBlocks_Contracts(string name)
    {
        var module = ModuleCatalog.Get(name);
        var contractsOfBuildingBlocks = typeof(IIntegrationEvent).Assembly.GetName().Name!;

        // Mediator.Abstractions ships an assembly named "Mediator".
        Rule.NoOffenders(
            ReferencedAssemblies([module.Contracts])
                .Where(r => !(r.Reference == "System" || r.Reference.StartsWith("System.", StringComparison.Ordinal) || r.Reference is "netstandard" or "mscorlib"
                    || r.Reference == "Mediator" || r.Reference.StartsWith("Mediator.", StringComparison.Ordinal)
                    || r.Reference == contractsOfBuildingBlocks))
                .Select(r => $"{r.From} references assembly {r.Reference}"),
            $"Rule 2: {module.ContractsName} references assemblies other than System*, Mediator and {contractsOfBuildingBlocks}.");

        // Types the compiler emits for collection expressions (<>z__ReadOnlyArray`1...) are skipped: NetArchTest
        // reports them whatever they use.
        Rule.Passes(
            Types.InAssembly(module.Contracts)
                .That().DoNotHaveNameStartingWith("<")
                .Should().OnlyHaveDependenciesOn("System", "Mediator", contractsOfBuildingBlocks, module.ContractsName)
                .GetResult(),
            $"Rule 2: types of {module.ContractsName} depend on something other than System*, Mediator and {contractsOfBuildingBlocks}.");
    }

    // Rule 3.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Domain_depends_on_no_infrastructure_framework_nor_on_its_own_features_or_infrastructure(string name)
    {
        var module = ModuleCatalog.Get(name);
        var domain = $"{module.ImplementationName}.Domain";
        var inDomain = Types.InAssembly(module.Implementation).That().ResideInNamespaceMatching($"^{Regex.Escape(domain)}(\\..+)?$");

        inDomain.GetTypes().ShouldNotBeEmpty($"Module {module.Name} has no types in {domain}; every module keeps its aggregates there.");
        Rule.Passes(
            inDomain.Should().NotHaveDependencyOnAny(
                "Microsoft.EntityFrameworkCore",
                "Microsoft.AspNetCore",
                "Npgsql",
                "Quartz",
                "FluentValidation",
                "Mapster",
                $"{module.ImplementationName}.Features",
                $"{module.ImplementationName}.Infrastructure").GetResult(),
            $"Rule 3: types of {domain} depend on EF Core, ASP.NET Core, Npgsql, Quartz, FluentValidation, Mapster, or their module's Features or Infrastructure.");
    }

    private static IEnumerable<(string From, string Reference)> ReferencedAssemblies(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(a => a.GetReferencedAssemblies().Select(r => (a.GetName().Name!, r.Name!)));
}
