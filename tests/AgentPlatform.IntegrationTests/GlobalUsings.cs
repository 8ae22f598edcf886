global using System.Net;
global using System.Net.Http.Json;
global using AgentPlatform.IntegrationTests.Infrastructure;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
