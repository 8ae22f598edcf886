using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Llm.Domain.Models;
using AgentPlatform.Modules.Llm.Domain.Profiles;
using AgentPlatform.Modules.Llm.Domain.Providers;

namespace AgentPlatform.Modules.Llm.Features.Bootstrap;

/// <summary>
/// A fresh install can chat and embed at once: a system-level "Local" provider with the local chat and embedding
/// models, and a system default profile on the chat model. Created once; an admin may change or remove them later,
/// and they are not brought back while any system provider exists.
/// </summary>
internal sealed class LocalProviderSeeder(LlmDbContext db) : IStartupSeeder
{
    public const string ChatModelId = "local-chat";
    public const string EmbeddingModelId = "local-embedding";
    public const int EmbeddingDimension = 512;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Providers.IgnoreQueryFilters().AnyAsync(p => p.OwnerId == null, cancellationToken))
        {
            return;
        }

        var provider = Provider.Create(null, "Local", ProviderTypes.Local,
            "Built-in models that run in-process with no network and no key: deterministic, for trying the platform out and for tests. Not a language model.", true, null);
        db.Providers.Add(provider);

        var chat = Model.Create(provider.Id, null, ChatModelId, new ModelSettings("Local chat (extractive)", "1", "Answers by quoting the most relevant passages of its context and tool results; calls a tool the user names.",
            ModelType.Chat, 32_768, 4_096, 0m, 0m, "USD",
            new Dictionary<string, bool>(StringComparer.Ordinal) { [ModelCapabilities.FunctionCalling] = true, [ModelCapabilities.Streaming] = true }, ModelStatus.Available, null, null));
        var embedding = Model.Create(provider.Id, null, EmbeddingModelId, new ModelSettings("Local embedding (feature hashing)", "1", "Signed feature hashing of words, word pairs and character n-grams; handles Chinese.",
            ModelType.Embedding, 8_192, null, 0m, 0m, "USD", new Dictionary<string, bool>(StringComparer.Ordinal), ModelStatus.Available, EmbeddingDimension, null));
        db.Models.AddRange(chat, embedding);

        var profile = Profile.Create(null, new ProfileSettings("Default", "The platform's default parameters.", chat.Id, 0.7, 1024, null, null, null, null, null, true));
        profile.MakeDefault();
        db.Profiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
    }
}
