using AgentPlatform.Modules.Users.Infrastructure.Auth;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.UnitTests.Users;

public sealed class VerifiedApiKeyTests
{
    private const string Key = "apk_abcdefghijkl_0123456789abcdef0123456789abcdef";

    [Fact]
    public void Only_the_very_key_checked_against_the_very_state_read_skips_hashing()
    {
        var cache = new AuthStateCache(new FakeTimeProvider());
        cache.SetListening(true);
        var state = State();
        cache.IsVerifiedKey(state, Key).ShouldBeFalse("nothing was checked yet");

        cache.KeyVerified(state, Key);

        cache.IsVerifiedKey(state, Key).ShouldBeTrue();
        cache.IsVerifiedKey(state, Key[..^1] + "X").ShouldBeFalse("another secret under the same prefix is hashed and refused");
        cache.IsVerifiedKey(state, Key[..^1]).ShouldBeFalse();
        cache.IsVerifiedKey(state with { }, Key).ShouldBeFalse("a state read anew (equal by value) has no memo: its first use is hashed again");
    }

    [Fact]
    public void Nothing_is_remembered_while_the_cache_is_not_trusted()
    {
        var cache = new AuthStateCache(new FakeTimeProvider());
        var state = State();

        cache.KeyVerified(state, Key);

        cache.IsVerifiedKey(state, Key).ShouldBeFalse("without its listener every request reads (and hashes) afresh");
    }

    private static ApiKeyState State() => new(Guid.NewGuid(), Guid.NewGuid(), "hash", ["read", "write"], null, null, "user");
}
