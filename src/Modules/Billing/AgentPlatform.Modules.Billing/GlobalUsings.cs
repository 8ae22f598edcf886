// What nearly every feature slice of the module uses; the Domain folder still may not use EF Core or
// FluentValidation (architecture test), global usings or not.
global using AgentPlatform.BuildingBlocks.Domain;
global using AgentPlatform.Modules.Billing.Infrastructure.Persistence;
global using FluentValidation;
global using Mediator;
global using Microsoft.EntityFrameworkCore;
