using System.Diagnostics;
using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Security;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Providers;
using AgentPlatform.Modules.Llm.Features.Gateway;
using AgentPlatform.Modules.Llm.Features.Shared;
using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Modules.Llm.Features.Providers;

internal sealed record TestConnectionRequest(Guid? EndpointId, Guid? CredentialId, string? Model);

/// <summary>The outcome of a minimal call: it worked and how long it took, or what the provider said.</summary>
internal sealed record ConnectionTestResult(bool Ok, long LatencyMs, string? Model, Guid? EndpointId, Guid? CredentialId, string? Error, string? Reason);

/// <summary>
/// Sends the smallest possible request (one short message, one output token) through an endpoint with a key, outside
/// quotas, retries and fallback, to check a configuration. Only whoever manages the provider may test it.
/// </summary>
internal sealed record TestConnection(Guid ProviderId, Guid? EndpointId, Guid? CredentialId, string? Model) : ICommand<ConnectionTestResult>;

internal sealed class TestConnectionHandler(LlmDbContext db, ICurrentUser user, ProviderClients clients, ISecretProtector secrets, TimeProvider clock) : ICommandHandler<TestConnection, ConnectionTestResult>
{
    public async ValueTask<ConnectionTestResult> Handle(TestConnection command, CancellationToken cancellationToken)
    {
        var provider = await db.VisibleProviderAsync(user, command.ProviderId, cancellationToken);
        LlmAccess.EnsureManageable(provider.OwnerId, user, "provider");

        var endpoint = await db.Endpoints.AsNoTracking()
            .Where(e => e.ProviderId == provider.Id && (command.EndpointId == null ? e.IsDefault : e.Id == command.EndpointId))
            .FirstOrDefaultAsync(cancellationToken);
        if (endpoint is null && (command.EndpointId is not null || provider.Type != ProviderTypes.Local))
        {
            throw command.EndpointId is { } id ? DomainException.NotFound("Endpoint", id) : DomainException.Invalid("endpointId", "The provider has no default endpoint: add one or name it.");
        }

        Credential? credential = null;
        if (ProviderTypes.NeedsCredential(provider.Type))
        {
            var now = clock.GetUtcNow();
            credential = await db.Credentials.AsNoTracking()
                .Where(c => c.ProviderId == provider.Id && (command.CredentialId == null ? c.IsActive && (c.ExpiresAt == null || c.ExpiresAt > now) : c.Id == command.CredentialId))
                .OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (credential is null)
            {
                throw command.CredentialId is { } id ? DomainException.NotFound("Credential", id) : DomainException.Invalid("credentialId", "The provider has no usable credential: add one or name it.");
            }
        }

        var model = await db.Models.AsNoTracking()
            .Where(m => m.ProviderId == provider.Id && (command.Model == null ? m.Type != ModelType.Embedding : m.ModelId == command.Model))
            .OrderBy(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var modelId = command.Model ?? model?.ModelId ?? throw DomainException.Invalid("model", "The provider has no chat model: name the model to test with.");

        var target = new CallTarget(provider.Type, endpoint?.Id ?? Guid.Empty, endpoint?.BaseUrl ?? "", endpoint?.ApiVersion, endpoint?.ConnectTimeoutSeconds ?? 10,
            endpoint?.ReadTimeoutSeconds ?? 60, credential?.Id, credential is null ? null : secrets.Unprotect(credential.ApiKeyEncrypted, Credential.ApiKeyPurpose), modelId, null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await clients.ChatClient(target).GetResponseAsync([new ChatMessage(ChatRole.User, "ping")], new ChatOptions { MaxOutputTokens = 1 }, cancellationToken);
            return new ConnectionTestResult(true, Elapsed(started), modelId, endpoint?.Id, credential?.Id, null, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not DomainException)
        {
            var failure = CallFailure.Classify(exception);
            return new ConnectionTestResult(false, Elapsed(started), modelId, endpoint?.Id, credential?.Id, failure.Message, failure.Reason);
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
