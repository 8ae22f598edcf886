using System.Text.Json;
using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Users.Domain.SystemConfigs;

namespace AgentPlatform.UnitTests.Users;

public sealed class SystemConfigTests
{
    [Theory]
    [InlineData(" 42 ", "Integer", "42")]
    [InlineData("-7", "Integer", "-7")]
    [InlineData("+5", "Integer", "5")]
    [InlineData("TRUE", "Boolean", "true")]
    [InlineData(" false ", "Boolean", "false")]
    [InlineData("{ \"a\" : [1, 2],\n \"b\": null }", "Json", "{\"a\":[1,2],\"b\":null}")]
    [InlineData(" [ ] ", "Json", "[]")]
    [InlineData("  spaced  Text 42 ", "String", "  spaced  Text 42 ")]
    [InlineData("", "String", "")]
    public void Canonical_accepts_a_valid_value_and_returns_its_canonical_text(string value, string type, string expected) =>
        SystemConfig.Canonical(value, Enum.Parse<ConfigValueType>(type)).ShouldBe(expected);

    [Theory]
    [InlineData("4.2", "Integer")]
    [InlineData("abc", "Integer")]
    [InlineData("", "Integer")]
    [InlineData("99999999999999999999", "Integer")]
    [InlineData("yes", "Boolean")]
    [InlineData("1", "Boolean")]
    [InlineData("{not json", "Json")]
    [InlineData("", "Json")]
    public void Canonical_rejects_a_value_that_does_not_fit_its_type(string value, string type)
    {
        var error = Should.Throw<DomainException>(() => SystemConfig.Canonical(value, Enum.Parse<ConfigValueType>(type)));

        error.Kind.ShouldBe(ErrorKind.Validation);
        error.Errors.ShouldNotBeNull().ShouldContainKey("value");
    }

    [Fact]
    public void Create_stores_the_canonical_value()
    {
        var config = SystemConfig.Create("max_agents", " 42 ", ConfigValueType.Integer, "How many agents a user may create.", isPublic: true);

        config.Value.ShouldBe("42");
        config.ValueType.ShouldBe(ConfigValueType.Integer);
        config.IsPublic.ShouldBeTrue();
    }

    [Fact]
    public void Update_with_an_invalid_value_leaves_the_config_unchanged()
    {
        var config = SystemConfig.Create("max_agents", "42", ConfigValueType.Integer, null, isPublic: false);

        Should.Throw<DomainException>(() => config.Update("lots", ConfigValueType.Integer, "changed", isPublic: true));

        config.Value.ShouldBe("42");
        config.Description.ShouldBeNull();
        config.IsPublic.ShouldBeFalse();
    }

    [Fact]
    public void TypedValue_is_a_JSON_number_for_an_integer()
    {
        var value = SystemConfig.Create("k", " 42 ", ConfigValueType.Integer, null, false).TypedValue();

        value.ValueKind.ShouldBe(JsonValueKind.Number);
        value.GetInt64().ShouldBe(42);
    }

    [Fact]
    public void TypedValue_is_a_JSON_boolean_for_a_boolean()
    {
        SystemConfig.Create("k", "TRUE", ConfigValueType.Boolean, null, false).TypedValue().ValueKind.ShouldBe(JsonValueKind.True);
        SystemConfig.Create("k", "false", ConfigValueType.Boolean, null, false).TypedValue().ValueKind.ShouldBe(JsonValueKind.False);
    }

    [Fact]
    public void TypedValue_is_the_JSON_document_for_json()
    {
        var value = SystemConfig.Create("k", "{ \"models\": [\"a\", \"b\"] }", ConfigValueType.Json, null, false).TypedValue();

        value.ValueKind.ShouldBe(JsonValueKind.Object);
        value.GetProperty("models").EnumerateArray().Select(e => e.GetString()).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void TypedValue_is_a_JSON_string_for_a_string_even_when_it_looks_like_a_number()
    {
        var value = SystemConfig.Create("k", "42", ConfigValueType.String, null, false).TypedValue();

        value.ValueKind.ShouldBe(JsonValueKind.String);
        value.GetString().ShouldBe("42");
    }
}
