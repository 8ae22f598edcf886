using System.Reflection;

namespace AgentPlatform.ArchitectureTests;

/// <summary>
/// The table of modules every rule runs over. Adding a module: add its name to <see cref="Names"/>
/// (<c>ModuleCatalogTests</c> fails until it is there). Its assemblies are loaded by name; they are in
/// the output folder because this project references the Host, which references every module.
/// </summary>
public static class ModuleCatalog
{
    /// <summary>Module names, as in <c>AgentPlatform.Modules.&lt;Name&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "Users",
        "Llm",
        "Agents",
        "Billing",
    ];

    public static TheoryData<string> Modules => new(Names);

    public static IReadOnlyList<ModuleUnderTest> All => [.. Names.Select(Get)];

    public static ModuleUnderTest Get(string name) => new(name);
}

/// <summary>One module: its implementation assembly, its Contracts assembly and the names the rules need.</summary>
public sealed class ModuleUnderTest(string name)
{
    public const string ModulesPrefix = "AgentPlatform.Modules.";

    public string Name { get; } = name;

    /// <summary>Assembly name and root namespace of the implementation.</summary>
    public string ImplementationName => ModulesPrefix + Name;

    /// <summary>Assembly name and root namespace of the Contracts.</summary>
    public string ContractsName => ImplementationName + ".Contracts";

    /// <summary>The one public type of the implementation: <c>AgentPlatform.Modules.X.XModule</c>.</summary>
    public string EntryPointName => $"{ImplementationName}.{Name}Module";

    public Assembly Implementation => Assembly.Load(ImplementationName);

    public Assembly Contracts => Assembly.Load(ContractsName);

    public IEnumerable<Assembly> Assemblies => [Implementation, Contracts];

    /// <summary>
    /// Full names of the implementation's top-level types in its own namespaces: what another assembly
    /// must not name. Compiler-emitted types (anonymous types, embedded attributes such as
    /// <c>System.Runtime.CompilerServices.NullableAttribute</c>) are left out: every assembly has its own copy.
    /// </summary>
    public IReadOnlyList<string> ImplementationTypeNames =>
    [
        .. Implementation.GetTypes()
            .Where(t => !t.IsNested && IsInNamespace(t, ImplementationName))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>True when <paramref name="type"/> is in <paramref name="ns"/> or below it (not merely a name that starts the same).</summary>
    public static bool IsInNamespace(Type type, string ns) => IsInNamespace(type.Namespace, ns);

    public static bool IsInNamespace(string? typeNamespace, string ns) =>
        typeNamespace is not null && (typeNamespace == ns || typeNamespace.StartsWith(ns + ".", StringComparison.Ordinal));

    public override string ToString() => Name;
}
