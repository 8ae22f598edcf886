using AgentPlatform.Host.Composition;
using AgentPlatform.Modules.Agents;
using AgentPlatform.Modules.Billing;
using AgentPlatform.Modules.Llm;
using AgentPlatform.Modules.Users;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformConfiguration();

builder.AddPlatform(jobs => jobs.AddUsersJobs().AddAgentsJobs().AddBillingJobs());
builder.Services.AddUsersModule(builder.Configuration);
builder.Services.AddLlmModule(builder.Configuration);
builder.Services.AddAgentsModule(builder.Configuration);
builder.Services.AddBillingModule(builder.Configuration);

var app = builder.Build();
await app.MigrateDatabaseAsync();

app.UsePlatform();
app.MapPlatformEndpoints();
app.MapUsersEndpoints();
app.MapLlmEndpoints();
app.MapAgentsEndpoints();
app.MapBillingEndpoints();

await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
