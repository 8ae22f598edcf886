using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Users.Domain.Users;
using AgentPlatform.Modules.Users.Domain.Users.Events;

namespace AgentPlatform.UnitTests.Users;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Register_keeps_the_spelling_normalizes_to_lower_case_and_raises_UserRegistered()
    {
        var user = User.Register(" Alice.Smith ", " Alice.Smith@Example.COM ", "hash", UserRole.User, Now);

        user.Username.ShouldBe("Alice.Smith");
        user.NormalizedUsername.ShouldBe("alice.smith");
        user.Email.ShouldBe("Alice.Smith@Example.COM");
        user.NormalizedEmail.ShouldBe("alice.smith@example.com");
        user.Role.ShouldBe(UserRole.User);
        user.IsActive.ShouldBeTrue();

        var registered = user.DomainEvents.ShouldHaveSingleItem().ShouldBeOfType<UserRegistered>();
        registered.UserId.ShouldBe(user.Id);
        registered.Username.ShouldBe("Alice.Smith");
        registered.Email.ShouldBe("Alice.Smith@Example.COM");
        registered.OccurredAt.ShouldBe(Now);
    }

    [Fact]
    public void UpdateProfile_keeps_a_field_given_as_null_and_clears_a_field_given_as_empty()
    {
        var user = User.Register("bob", "bob@example.com", "hash", UserRole.User, Now);
        user.UpdateProfile(" Bobby ", "https://example.com/bob.png");
        user.Nickname.ShouldBe("Bobby");
        user.Avatar.ShouldBe("https://example.com/bob.png");

        user.UpdateProfile(null, null);
        user.Nickname.ShouldBe("Bobby");
        user.Avatar.ShouldBe("https://example.com/bob.png");

        user.UpdateProfile("", null);
        user.Nickname.ShouldBeNull();
        user.Avatar.ShouldBe("https://example.com/bob.png");

        user.UpdateProfile(null, "");
        user.Avatar.ShouldBeNull();
    }

    [Fact]
    public void MarkDeleted_records_the_time_and_disables_the_account()
    {
        var user = User.Register("carol", "carol@example.com", "hash", UserRole.User, Now);

        user.MarkDeleted(Now.AddDays(1));

        user.DeletedAt.ShouldBe(Now.AddDays(1));
        user.Status.ShouldBe(UserStatus.Disabled);
        user.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void A_deleted_user_cannot_be_disabled_enabled_promoted_or_deleted_again()
    {
        var user = User.Register("dave", "dave@example.com", "hash", UserRole.User, Now);
        user.MarkDeleted(Now);

        Should.Throw<DomainException>(user.Disable).Kind.ShouldBe(ErrorKind.NotFound);
        Should.Throw<DomainException>(user.Enable).Kind.ShouldBe(ErrorKind.NotFound);
        Should.Throw<DomainException>(() => user.ChangeRole(UserRole.Admin)).Kind.ShouldBe(ErrorKind.NotFound);
        Should.Throw<DomainException>(() => user.MarkDeleted(Now.AddDays(1))).Kind.ShouldBe(ErrorKind.NotFound);

        user.Role.ShouldBe(UserRole.User);
        user.Status.ShouldBe(UserStatus.Disabled);
        user.DeletedAt.ShouldBe(Now);
    }

    [Fact]
    public void Disable_Enable_and_ChangeRole_work_on_a_live_user()
    {
        var user = User.Register("erin", "erin@example.com", "hash", UserRole.User, Now);

        user.Disable();
        user.IsActive.ShouldBeFalse();
        user.Enable();
        user.IsActive.ShouldBeTrue();
        user.ChangeRole(UserRole.Admin);
        user.Role.ShouldBe(UserRole.Admin);
    }
}
