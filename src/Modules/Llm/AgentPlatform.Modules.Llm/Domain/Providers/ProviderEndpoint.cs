namespace AgentPlatform.Modules.Llm.Domain.Providers;

/// <summary>Where a provider is reached (seed 000 <c>endpoints</c>): base URL, version, region, timeouts, retries.</summary>
internal sealed class ProviderEndpoint : Entity, IAuditable
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 500;

    private ProviderEndpoint()
    {
    }

    public Guid ProviderId { get; private set; }

    public string Name { get; private set; } = "";

    public string BaseUrl { get; private set; } = "";

    public string? ApiVersion { get; private set; }

    public string? Region { get; private set; }

    public int ConnectTimeoutSeconds { get; private set; }

    public int ReadTimeoutSeconds { get; private set; }

    public int RetryCount { get; private set; }

    public bool IsDefault { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static ProviderEndpoint Create(Guid providerId, EndpointSettings settings)
    {
        var endpoint = new ProviderEndpoint { ProviderId = providerId };
        endpoint.Update(settings);
        return endpoint;
    }

    public void Update(EndpointSettings settings)
    {
        if (!IsHttpUrl(settings.BaseUrl))
        {
            throw DomainException.Invalid("baseUrl", "The base URL must be an absolute http or https URL.");
        }

        Name = settings.Name.Trim();
        BaseUrl = settings.BaseUrl.TrimEnd('/');
        ApiVersion = settings.ApiVersion;
        Region = settings.Region;
        ConnectTimeoutSeconds = settings.ConnectTimeoutSeconds;
        ReadTimeoutSeconds = settings.ReadTimeoutSeconds;
        RetryCount = settings.RetryCount;
        IsDefault = settings.IsDefault;
        IsActive = settings.IsActive;
    }

    public void ClearDefault() => IsDefault = false;

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);
}

internal sealed record EndpointSettings(
    string Name,
    string BaseUrl,
    string? ApiVersion,
    string? Region,
    int ConnectTimeoutSeconds,
    int ReadTimeoutSeconds,
    int RetryCount,
    bool IsDefault,
    bool IsActive);
