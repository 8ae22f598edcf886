using System.Net.Http.Headers;
using AgentPlatform.Modules.Billing.Infrastructure.Persistence;
using Mediator;

namespace AgentPlatform.IntegrationTests.Billing;

/// <summary>
/// A Host over a database of its own, configured for billing tests: a webhook provider with a test secret, small quotas
/// and a 10 % default markup. Shared by every billing test class (one collection); tests isolate by their own users.
/// </summary>
public sealed class BillingHost : IAsyncLifetime
{
    public const string WebhookProvider = "testpay";
    public const string WebhookSecret = "test-webhook-secret-not-for-production";
    public const int RequestsPerMinute = 5;
    public const int TokensPerDay = 1000;

    private PlatformFactory? _factory;

    public PlatformFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateAsync("billing");
        _factory = new PlatformFactory(connectionString, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [$"Billing:Webhooks:{WebhookProvider}:Secret"] = WebhookSecret,
            ["Billing:Quotas:RequestsPerMinute"] = RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Billing:Quotas:TokensPerDay"] = TokensPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Billing:DefaultMarkupPercent"] = "10",
            ["Billing:Currency"] = "USD",
        });
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            await TestDatabase.DropAsync(_factory.ConnectionString);
        }
    }

    public HttpClient CreateClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(PlatformFactory.ClientIpHeader, PlatformFixture.RandomIp());
        return client;
    }

    public async Task<TestUser> RegisterAsync(string prefix = "bill")
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = name, email = $"{name}@example.com", password = "Passw0rd-1" });
        response.EnsureSuccessStatusCode();
        var profile = (await response.Content.ReadFromJsonAsync<ProfileDto>())!;
        var tokens = await PlatformFixture.LoginAsync(client, name, "Passw0rd-1");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new TestUser(profile.Id, name, "Passw0rd-1", tokens, client);
    }

    public async Task<TestUser> AdminAsync()
    {
        var client = CreateClient();
        var tokens = await PlatformFixture.LoginAsync(client, PlatformFactory.AdminUsername, PlatformFactory.AdminPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var me = (await client.GetFromJsonAsync<ProfileDto>("/api/v1/users/me"))!;
        return new TestUser(me.Id, PlatformFactory.AdminUsername, PlatformFactory.AdminPassword, tokens, client);
    }

    /// <summary>Sends a message the way another module would: in a DI scope of its own, without an HTTP request.</summary>
    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, TestContext.Current.CancellationToken);
    }

    public async Task<TResponse> Send<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, TestContext.Current.CancellationToken);
    }

    public async Task<TResponse> Send<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, TestContext.Current.CancellationToken);
    }

    internal async Task<T> Db<T>(Func<BillingDbContext, Task<T>> use)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<BillingDbContext>());
    }

    public static async Task<T> WaitFor<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BillingCollection : ICollectionFixture<BillingHost>
{
    public const string Name = "billing";
}

public sealed record AccountDto(Guid UserId, decimal Balance, decimal FrozenBalance, decimal AvailableBalance, decimal CreditLimit, string Currency, Guid? PlanProductId);

public sealed record TransactionDto(Guid Id, long Sequence, string Type, decimal Amount, decimal BalanceBefore, decimal BalanceAfter, decimal FrozenChange, decimal FrozenAfter,
    Guid? OrderId, Guid? UsageRecordId, Guid? ReservationId, string? Description, DateTimeOffset CreatedAt);

public sealed record ProductDto(Guid Id, string Name, string Type, string PricingMode, decimal UnitPrice, string Currency, string Status);

public sealed record OrderDto(Guid Id, string OrderNo, Guid ProductId, string OrderType, string Title, decimal Amount, string Currency, string Status,
    DateTimeOffset ExpiresAt, DateTimeOffset? PaidAt, decimal RefundAmount, string? PaymentProvider);

public sealed record UsageRowDto(DateOnly Day, string Service, string? Model, long Requests, long InputTokens, long OutputTokens, decimal Cost, decimal UnpaidCost);

public sealed record ReconciliationDto(int AccountsChecked, List<System.Text.Json.JsonElement> Mismatches);
