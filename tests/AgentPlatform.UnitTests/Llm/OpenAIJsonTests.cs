using System.Buffers;
using System.Text;
using System.Text.Json;
using AgentPlatform.Modules.Llm.Contracts;
using AgentPlatform.Modules.Llm.Features.OpenAICompatible;

namespace AgentPlatform.UnitTests.Llm;

public sealed class OpenAIJsonTests
{
    private static readonly LlmAnsweringModel Answering = new(Guid.Parse("0193a0f0-0000-7000-8000-000000000001"), "gpt-x", Guid.NewGuid(), "acme", "openai");

    [Fact]
    public void A_completion_has_OpenAI_fields_readable_text_exact_cost_and_the_fallback_path()
    {
        var completion = new LlmChatCompletion("req-1", new LlmChatMessage(ChatRoles.Assistant, "北京 \"quoted\" <b>"), "stop",
            new LlmUsage(1234, 567), 0.002985m, "USD", Answering, [new LlmFallbackStep("gpt-down", "timeout")]);

        var (text, json) = Written(w => OpenAIJson.Completion(w, completion, 1_700_000_000));

        text.ShouldContain("北京 \\\"quoted\\\" <b>"); // not \u-escaped: only what JSON itself requires
        json.GetProperty("id").GetString().ShouldBe("chatcmpl-req-1");
        json.GetProperty("object").GetString().ShouldBe("chat.completion");
        json.GetProperty("created").GetInt64().ShouldBe(1_700_000_000);
        json.GetProperty("model").GetString().ShouldBe("gpt-x");
        var choice = json.GetProperty("choices").EnumerateArray().Single();
        choice.GetProperty("message").GetProperty("content").GetString().ShouldBe("北京 \"quoted\" <b>");
        choice.GetProperty("message").GetProperty("tool_calls").ValueKind.ShouldBe(JsonValueKind.Null);
        choice.GetProperty("finish_reason").GetString().ShouldBe("stop");
        json.GetProperty("usage").GetProperty("total_tokens").GetInt64().ShouldBe(1801);
        var platform = json.GetProperty("platform");
        platform.GetProperty("cost").GetDecimal().ShouldBe(0.002985m);
        platform.GetProperty("model_id").GetGuid().ShouldBe(Answering.ModelId);
        platform.GetProperty("fallback_path")[0].GetProperty("reason").GetString().ShouldBe("timeout");
    }

    [Fact]
    public void A_tool_call_answer_has_null_content_and_function_calls()
    {
        var message = new LlmChatMessage(ChatRoles.Assistant, null, [new LlmToolCall("call_1", "weather", """{"city":"Paris"}""")]);
        var completion = new LlmChatCompletion("req-2", message, "tool_calls", new LlmUsage(10, 5), 0m, "USD", Answering, []);

        var (_, json) = Written(w => OpenAIJson.Completion(w, completion, 1));

        var sent = json.GetProperty("choices")[0].GetProperty("message");
        sent.GetProperty("content").ValueKind.ShouldBe(JsonValueKind.Null);
        var call = sent.GetProperty("tool_calls").EnumerateArray().Single();
        call.GetProperty("id").GetString().ShouldBe("call_1");
        call.GetProperty("type").GetString().ShouldBe("function");
        call.GetProperty("function").GetProperty("arguments").GetString().ShouldBe("""{"city":"Paris"}""");
    }

    [Fact]
    public void Stream_chunks_carry_the_delta_the_tool_call_index_and_the_finish_reason()
    {
        var (_, role) = Written(w => OpenAIJson.RoleChunk(w, "chatcmpl-r", 5, "m"));
        role.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString().ShouldBe("assistant");

        var (_, delta) = Written(w => OpenAIJson.DeltaChunk(w, "chatcmpl-r", 5, "m", null, [new LlmToolCallDelta(1, "call_2", "lookup", "{\"q\":")]));
        var call = delta.GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0];
        call.GetProperty("index").GetInt32().ShouldBe(1);
        call.GetProperty("function").GetProperty("arguments").GetString().ShouldBe("{\"q\":");

        var (_, finish) = Written(w => OpenAIJson.FinishChunk(w, "chatcmpl-r", 5, "m", "length"));
        finish.GetProperty("object").GetString().ShouldBe("chat.completion.chunk");
        finish.GetProperty("choices")[0].GetProperty("finish_reason").GetString().ShouldBe("length");
        finish.GetProperty("choices")[0].GetProperty("delta").EnumerateObject().ShouldBeEmpty();
    }

    private static (string Text, JsonElement Json) Written(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return (text, JsonDocument.Parse(text).RootElement.Clone());
    }
}
