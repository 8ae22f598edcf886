using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.Modules.Llm.Contracts;
using AgentPlatform.Modules.Llm.Features.Gateway;

namespace AgentPlatform.UnitTests.Llm;

public sealed class CompleteChatValidatorTests
{
    private static readonly CompleteChatValidator Validator = new();

    [Fact]
    public void A_well_formed_request_with_tool_calls_and_tools_passes()
    {
        var request = Request(
            [
                new LlmChatMessage(ChatRoles.System, "Be brief."),
                new LlmChatMessage(ChatRoles.User, "Weather in Paris?"),
                new LlmChatMessage(ChatRoles.Assistant, null, [new LlmToolCall("call_1", "weather", """{"city":"Paris"}""")]),
                new LlmChatMessage(ChatRoles.Tool, "18 C", ToolCallId: "call_1"),
            ],
            [new LlmToolDefinition("weather", "Current weather", """{"type":"object"}""")]);

        Validator.Validate(request).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Each_bad_message_tool_call_and_tool_is_reported_under_its_json_path()
    {
        var request = Request(
            [
                new LlmChatMessage("wizard", "x"),
                new LlmChatMessage(ChatRoles.User, "  "),
                new LlmChatMessage(ChatRoles.Assistant, null, [new LlmToolCall("", "weather", "[1]")]),
                new LlmChatMessage(ChatRoles.Tool, "18 C"),
            ],
            [new LlmToolDefinition("bad name!", null, """{"type":"object"}"""), new LlmToolDefinition("ok", null, "not json")]);

        var errors = ValidationFailures.ToDomainException(Validator.Validate(request).Errors).Errors!;

        errors.Keys.ShouldBe(
            [
                "messages[0].role", "messages[1].content", "messages[2].toolCalls[0].id", "messages[2].toolCalls[0].arguments",
                "messages[3].toolCallId", "tools[0].name", "tools[1].parametersSchema",
            ],
            ignoreOrder: true);
        errors["messages[0].role"].ShouldBe(["role is one of: system, user, assistant, tool."]);
    }

    [Fact]
    public void No_messages_and_out_of_range_parameters_are_refused()
    {
        var request = Request([], []) with { Parameters = new LlmChatParameters { Temperature = 7, MaxTokens = 0 } };

        var errors = ValidationFailures.ToDomainException(Validator.Validate(request).Errors).Errors!;

        errors["messages"].ShouldBe(["Give at least one message."]);
        errors.Keys.ShouldContain("temperature");
        errors.Keys.ShouldContain("maxTokens");
    }

    [Fact]
    public void Missing_ids_an_over_long_model_name_and_duplicate_tool_names_are_refused()
    {
        var request = Request([new LlmChatMessage(ChatRoles.User, "hi")], [new LlmToolDefinition("t", null, "{}"), new LlmToolDefinition("t", null, "{}")])
            with
        { UserId = Guid.Empty, RequestId = "", Service = " ", Model = new string('m', 201), Parameters = new LlmChatParameters { TopP = double.NaN } };

        var errors = ValidationFailures.ToDomainException(Validator.Validate(request).Errors).Errors!;

        errors.Keys.ShouldBe(["userId", "requestId", "service", "model", "tools", "topP"], ignoreOrder: true);
        errors["tools"].ShouldBe(["Tool names must be unique."]);
        errors["model"].ShouldBe(["Model is at most 200 characters."]);
    }

    private static CompleteChat Request(IReadOnlyList<LlmChatMessage> messages, IReadOnlyList<LlmToolDefinition> tools) =>
        new() { UserId = Guid.NewGuid(), RequestId = "r-1", Model = "m", Messages = messages, Tools = tools };
}
