using System.CodeDom.Compiler;
using AgentPlatform.ArchitectureTests.Support;

namespace AgentPlatform.ArchitectureTests;

/// <summary>Rules 4 and 8 of ARCHITECTURE.md: a module shows one type, and the Host uses nothing else.</summary>
public sealed class SurfaceRules
{
    private static readonly Lazy<IReadOnlyList<TypeReference>> HostReferences = new(() => TypeReferenceScanner.Scan(typeof(Program).Assembly));

    // Rule 4. EF Core generates public migration classes; they are the one accepted exception.
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void The_only_public_type_of_a_module_is_its_static_Module_class(string name)
    {
        var module = ModuleCatalog.Get(name);
        var exported = module.Implementation.GetExportedTypes()
            .Where(t => !(t.Namespace ?? "").Split('.').Contains("Migrations", StringComparer.Ordinal))
            .ToList();

        Rule.NoOffenders(
            exported.Where(t => t.FullName != module.EntryPointName).Select(t => t.FullName!),
            $"Rule 4: {module.ImplementationName} is internal except for {module.EntryPointName}; make these types internal (or move them to {module.ContractsName}).");

        var entryPoint = exported.SingleOrDefault(t => t.FullName == module.EntryPointName);
        entryPoint.ShouldNotBeNull($"Rule 4: module {module.Name} has no public entry point {module.EntryPointName}.");
        (entryPoint.IsAbstract && entryPoint.IsSealed).ShouldBeTrue($"Rule 4: {module.EntryPointName} must be a static class.");
    }

    // Rule 8, read from the Host's metadata and IL (see TypeReferenceScanner), not with NetArchTest, which
    // does not look at types declared in Microsoft.* namespaces.
    // Excluded: the code the Mediator source generator writes into the Host. It registers and calls every
    // handler and message of every module (that is how internal handlers get wired), and lives in the
    // namespace Mediator (Mediator.Mediator, Mediator.Internals.*) plus an AddMediator extension class in
    // Microsoft.Extensions.DependencyInjection, marked [GeneratedCode("Mediator.SourceGenerator")].
    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Host_reaches_a_module_only_through_its_entry_point(string name)
    {
        var module = ModuleCatalog.Get(name);
        var generatedByMediator = MediatorGeneratedTypes();

        var references = HostReferences.Value.Where(r => r.Assembly == module.ImplementationName).ToList();
        references.ShouldContain(
            r => r.Type == module.EntryPointName,
            $"The Host does not call {module.EntryPointName}: is the module registered in Program.cs, and is the scan still seeing the Host's code?");

        Rule.NoOffenders(
            references
                .Where(r => r.Type != module.EntryPointName && !generatedByMediator.Contains(r.FromType))
                .Select(r => $"{r.FromType} uses {r.Type}"),
            $"Rule 8: Host code may use only {module.EntryPointName} of {module.ImplementationName}; call its Contracts through ISender, or add what it needs to {module.Name}Module.");
    }

    private static HashSet<string> MediatorGeneratedTypes() =>
    [
        .. typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsNested)
            .Where(t => ModuleUnderTest.IsInNamespace(t, "Mediator")
                || t.GetCustomAttributes(typeof(GeneratedCodeAttribute), inherit: false).OfType<GeneratedCodeAttribute>().Any(a => a.Tool == "Mediator.SourceGenerator"))
            .Select(t => t.FullName!),
    ];
}
