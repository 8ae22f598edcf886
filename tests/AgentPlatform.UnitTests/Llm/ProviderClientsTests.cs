using AgentPlatform.Modules.Llm.Infrastructure.Gateway;

namespace AgentPlatform.UnitTests.Llm;

public sealed class ProviderClientsTests
{
    private static readonly CallTarget Target = new("openai-compatible", Guid.NewGuid(), "http://127.0.0.1:9/v1", null, 10, 60, Guid.NewGuid(), "sk-secret-key-1234", "gpt-x", null);

    [Fact]
    public void A_client_is_reused_for_the_same_target_and_never_for_another_key_or_model()
    {
        var clients = new ProviderClients();

        clients.ChatClient(Target).ShouldBeSameAs(clients.ChatClient(Target with { }));
        clients.ChatClient(Target with { ApiKey = "sk-rotated-key-5678" }).ShouldNotBeSameAs(clients.ChatClient(Target));
        clients.ChatClient(Target with { ModelId = "gpt-y" }).ShouldNotBeSameAs(clients.ChatClient(Target));
    }

    [Fact]
    public void A_target_never_prints_its_key()
    {
        Target.ToString().ShouldNotContain("sk-secret");
        Target.ToString().ShouldContain("gpt-x");
    }
}
