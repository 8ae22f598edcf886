namespace AgentPlatform.Modules.Agents;

/// <summary>The module's settings (section "Agents").</summary>
internal sealed class AgentsOptions
{
    public const string Section = "Agents";

    /// <summary>Trace steps older than this are deleted (seed 001 §5: execution logs are kept 30 days).</summary>
    public int TraceRetentionDays { get; set; } = 30;

    /// <summary>Rows deleted per statement by the retention job.</summary>
    public int TraceRetentionBatchSize { get; set; } = 5000;
}
