global using AgentPlatform.BuildingBlocks.Domain;
global using AgentPlatform.Modules.Llm.Infrastructure.Persistence;
global using FluentValidation;
global using Mediator;
global using Microsoft.EntityFrameworkCore;
