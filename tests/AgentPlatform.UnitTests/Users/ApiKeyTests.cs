using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Users.Domain.ApiKeys;

namespace AgentPlatform.UnitTests.Users;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void Create_rejects_an_expiry_that_is_not_in_the_future(int secondsFromNow)
    {
        var error = Should.Throw<DomainException>(() =>
            ApiKey.Create(Guid.CreateVersion7(), "ci", "apk_0123456789ab", "hash", ["read"], Now.AddSeconds(secondsFromNow), Now));

        error.Kind.ShouldBe(ErrorKind.Validation);
        error.Errors.ShouldNotBeNull().ShouldContainKey("expiresAt");
    }

    [Fact]
    public void Create_deduplicates_and_sorts_the_scopes()
    {
        var key = ApiKey.Create(Guid.CreateVersion7(), " ci deploy ", "apk_0123456789ab", "hash", ["write", "read", "write"], Now.AddDays(30), Now);

        key.Scopes.ShouldBe(["read", "write"]);
        key.Name.ShouldBe("ci deploy");
        key.ExpiresAt.ShouldBe(Now.AddDays(30));
        key.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Create_accepts_no_expiry_and_Revoke_keeps_the_first_time()
    {
        var key = ApiKey.Create(Guid.CreateVersion7(), "ci", "apk_0123456789ab", "hash", ["read"], null, Now);

        key.ExpiresAt.ShouldBeNull();
        key.Revoke(Now.AddHours(1));
        key.Revoke(Now.AddHours(2));
        key.RevokedAt.ShouldBe(Now.AddHours(1));
    }
}
