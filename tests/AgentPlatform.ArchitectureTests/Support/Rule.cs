namespace AgentPlatform.ArchitectureTests.Support;

/// <summary>Turns rule results into failures that name the rule and list every offender, one per line.</summary>
internal static class Rule
{
    public static void NoOffenders(IEnumerable<string> offenders, string rule)
    {
        var list = offenders.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (list.Count > 0)
        {
            Assert.Fail($"{rule}{Environment.NewLine}Offenders ({list.Count}):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", list)}");
        }
    }

    public static void Passes(NetArchTest.Rules.TestResult result, string rule) =>
        NoOffenders(result.IsSuccessful ? [] : result.FailingTypeNames ?? ["(NetArchTest reported a failure without naming the types)"], rule);

    /// <summary>The type's name without generic arity (<c>Handler`1</c> is <c>Handler</c>).</summary>
    public static string SimpleName(Type type)
    {
        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type.Name : type.Name[..tick];
    }

    /// <summary>Declared <c>internal</c>: top-level not public, or nested and assembly-visible.</summary>
    public static bool IsInternal(Type type) => type.IsNested ? type.IsNestedAssembly : type.IsNotPublic;
}
