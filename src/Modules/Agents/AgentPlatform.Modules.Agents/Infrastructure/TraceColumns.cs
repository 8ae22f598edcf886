using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Agents.Contracts;

namespace AgentPlatform.Modules.Agents.Infrastructure;

/// <summary>Column spellings shared by the SQL that writes traces and the EF model that reads them.</summary>
internal static class TraceColumns
{
    private static readonly Dictionary<ExecutionStepType, string> StepTypes = Enum.GetValues<ExecutionStepType>().ToDictionary(t => t, t => EnumText.Of(t));

    public static string StepType(ExecutionStepType type) => StepTypes[type];
}
