using AgentPlatform.Modules.Llm.Infrastructure.Gateway;
using Microsoft.Extensions.AI;

namespace AgentPlatform.UnitTests.Llm;

public sealed class LocalModelTests
{
    [Fact]
    public void Embeddings_are_deterministic_unit_length_and_of_the_asked_dimension()
    {
        var a = FeatureHashingEmbedder.Embed("The quick brown fox", 256);
        var b = FeatureHashingEmbedder.Embed("The quick brown fox", 256);

        a.ShouldBe(b);
        a.Length.ShouldBe(256);
        Math.Sqrt(a.Sum(x => (double)x * x)).ShouldBe(1.0, 1e-5);
    }

    [Theory]
    [InlineData("How do I reset my password?", "Resetting your password: open settings and choose reset password.", "Our office is closed on public holidays.")]
    [InlineData("如何重置密码？", "重置密码：打开设置，选择重置密码。", "公司在法定节假日休息。")]
    [InlineData("退款需要多长时间", "退款通常在三个工作日内完成", "我们的总部位于上海")]
    public void Texts_that_share_words_are_nearer_than_texts_that_do_not(string query, string related, string unrelated)
    {
        var q = FeatureHashingEmbedder.Embed(query, 512);
        var near = FeatureHashingEmbedder.Cosine(q, FeatureHashingEmbedder.Embed(related, 512));
        var far = FeatureHashingEmbedder.Cosine(q, FeatureHashingEmbedder.Embed(unrelated, 512));

        near.ShouldBeGreaterThan(far + 0.15);
    }

    [Fact]
    public void Chinese_text_is_split_into_characters_and_latin_text_into_words()
    {
        FeatureHashingEmbedder.Tokenize("北京 Beijing2025，是首都").Select(t => t.Token).ShouldBe(["北", "京", "beijing2025", "是", "首", "都"]);
    }

    [Fact]
    public void Text_without_letters_embeds_to_the_zero_vector()
    {
        FeatureHashingEmbedder.Embed("... !!!", 64).ShouldAllBe(x => x == 0f);
    }

    [Fact]
    public async Task The_local_chat_model_quotes_the_most_relevant_passage_of_its_context()
    {
        using var chat = new LocalChatClient("local-chat");
        var response = await chat.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "Refunds are processed within 3 business days.\nOur headquarters are in Lyon.\nShipping is free above 50 euros."),
            new ChatMessage(ChatRole.User, "How long do refunds take?"),
        ], cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe("From the context: \"Refunds are processed within 3 business days.\"");
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);
    }

    [Fact]
    public async Task The_local_chat_model_calls_a_tool_the_user_names_then_answers_from_its_result()
    {
        using var chat = new LocalChatClient("local-chat");
        var tool = AIFunctionFactory.CreateDeclaration("get_weather", "Weather by city",
            System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}}}""").RootElement);
        var options = new ChatOptions { Tools = [tool] };
        List<ChatMessage> messages = [new(ChatRole.User, "get weather for Paris for 3 days")];

        var first = await chat.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        first.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
        var call = first.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        call.Name.ShouldBe("get_weather");
        call.Arguments!["city"].ShouldBe("get weather for Paris for 3 days");
        call.Arguments["days"].ShouldBe(3L);

        messages.Add(first.Messages.Single());
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "Sunny, 24 degrees")]));
        var second = await chat.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        second.Text.ShouldBe("The tool returned: \"Sunny, 24 degrees\"");
    }

    [Fact]
    public async Task The_local_chat_model_stops_at_max_tokens_with_finish_reason_length()
    {
        using var chat = new LocalChatClient("local-chat");
        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], new ChatOptions { MaxOutputTokens = 3 }, TestContext.Current.CancellationToken);
        response.Text.Split(' ').Length.ShouldBe(3);
        response.FinishReason.ShouldBe(ChatFinishReason.Length);
    }
}
