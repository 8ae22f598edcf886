using AgentPlatform.Modules.Users.Domain.Sessions;

namespace AgentPlatform.UnitTests.Users;

public sealed class UserSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    [Fact]
    public void Rotating_a_token_marks_it_replaced_and_adds_a_new_one()
    {
        var session = Start();
        var first = session.Tokens.ShouldHaveSingleItem();

        session.TryRotate(first, "hash-2", Now.AddMinutes(5)).ShouldBeTrue();

        first.ReplacedAt.ShouldBe(Now.AddMinutes(5));
        session.Tokens.Count.ShouldBe(2);
        var second = session.Tokens[1];
        second.TokenHash.ShouldBe("hash-2");
        second.SessionId.ShouldBe(session.Id);
        second.ReplacedAt.ShouldBeNull();
        session.IsActive(Now.AddMinutes(5)).ShouldBeTrue();
    }

    [Fact]
    public void Presenting_a_replaced_token_again_revokes_the_whole_session()
    {
        var session = Start();
        var first = session.Tokens[0];
        session.TryRotate(first, "hash-2", Now.AddMinutes(5)).ShouldBeTrue();
        var second = session.Tokens[1];

        session.TryRotate(first, "hash-3", Now.AddMinutes(6)).ShouldBeFalse();

        session.RevokedAt.ShouldBe(Now.AddMinutes(6));
        session.RevokedReason.ShouldBe("refresh_token_reuse");
        session.IsActive(Now.AddMinutes(6)).ShouldBeFalse();
        session.Tokens.Count.ShouldBe(2);

        // The legitimate holder's newer token is no good either now.
        session.TryRotate(second, "hash-4", Now.AddMinutes(7)).ShouldBeFalse();
        session.Tokens.Count.ShouldBe(2);
    }

    [Fact]
    public void An_expired_session_refuses_to_rotate()
    {
        var session = Start();
        var first = session.Tokens[0];

        session.TryRotate(first, "hash-2", Now + Lifetime).ShouldBeFalse();

        first.ReplacedAt.ShouldBeNull();
        session.Tokens.Count.ShouldBe(1);
        session.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public void A_revoked_session_refuses_to_rotate_and_keeps_its_first_reason()
    {
        var session = Start();
        session.Revoke("logout", Now.AddMinutes(1));

        session.TryRotate(session.Tokens[0], "hash-2", Now.AddMinutes(2)).ShouldBeFalse();
        session.Revoke("admin", Now.AddMinutes(3));

        session.Tokens.Count.ShouldBe(1);
        session.RevokedReason.ShouldBe("logout");
        session.RevokedAt.ShouldBe(Now.AddMinutes(1));
    }

    [Fact]
    public void Start_sets_the_expiry_and_shortens_a_long_user_agent()
    {
        var session = UserSession.Start(Guid.CreateVersion7(), "hash-1", Now, Lifetime, "203.0.113.9", new string('x', 500));

        session.ExpiresAt.ShouldBe(Now + Lifetime);
        session.UserAgent!.Length.ShouldBe(300);
        session.IsActive(Now + Lifetime - TimeSpan.FromSeconds(1)).ShouldBeTrue();
        session.IsActive(Now + Lifetime).ShouldBeFalse();
    }

    private static UserSession Start() => UserSession.Start(Guid.CreateVersion7(), "hash-1", Now, Lifetime, "203.0.113.9", "tests");
}
