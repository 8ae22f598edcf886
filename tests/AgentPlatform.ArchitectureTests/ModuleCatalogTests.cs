namespace AgentPlatform.ArchitectureTests;

/// <summary>The table of modules is complete and each entry loads: a module missing from it would escape every rule.</summary>
public sealed class ModuleCatalogTests
{
    [Fact]
    public void Every_module_assembly_next_to_the_Host_is_in_the_table()
    {
        // The Host references every module, so every module's assemblies are copied into this output folder. A Contracts
        // assembly alone (a module whose implementation is still being built, referenced by a consumer) is not a module yet.
        var found = Directory.EnumerateFiles(AppContext.BaseDirectory, ModuleUnderTest.ModulesPrefix + "*.dll")
            .Select(f => Path.GetFileNameWithoutExtension(f)[ModuleUnderTest.ModulesPrefix.Length..])
            .Where(n => !n.EndsWith(".Contracts", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        found.ShouldBe(ModuleCatalog.Names.Order(StringComparer.Ordinal), "Add the new module's name to ModuleCatalog.Names.");
    }

    [Fact]
    public void Host_references_every_module_in_the_table()
    {
        var referenced = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToHashSet(StringComparer.Ordinal);

        ModuleCatalog.All.Select(m => m.ImplementationName).Where(n => !referenced.Contains(n))
            .ShouldBeEmpty("The Host must register every module (AddXModule in Program.cs).");
    }

    [Theory]
    [MemberData(nameof(ModuleCatalog.Modules), MemberType = typeof(ModuleCatalog))]
    public void Module_assemblies_load(string name)
    {
        var module = ModuleCatalog.Get(name);

        module.Implementation.GetName().Name.ShouldBe(module.ImplementationName);
        module.Contracts.GetName().Name.ShouldBe(module.ContractsName);
        module.ImplementationTypeNames.ShouldContain(module.EntryPointName);
    }
}
