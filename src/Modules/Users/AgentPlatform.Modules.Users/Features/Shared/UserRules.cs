using AgentPlatform.Modules.Users.Domain.Users;

namespace AgentPlatform.Modules.Users.Features.Shared;

internal static class UserRules
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    public static IRuleBuilderOptions<T, string?> ValidUsername<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty().WithMessage("A username is required.")
        .Length(3, User.UsernameMaxLength).WithMessage($"A username has 3 to {User.UsernameMaxLength} characters.")
        .Matches("^[A-Za-z0-9][A-Za-z0-9_.-]*$").WithMessage("A username uses letters, digits, '_', '.' and '-', and starts with a letter or digit.");

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty().WithMessage("An email address is required.")
        .MaximumLength(User.EmailMaxLength).WithMessage($"An email address has at most {User.EmailMaxLength} characters.")
        .EmailAddress().WithMessage("The email address is not valid.");

    /// <summary>8 to 128 characters with at least one letter and one digit.</summary>
    public static IRuleBuilderOptions<T, string?> ValidPassword<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty().WithMessage("A password is required.")
        .Length(PasswordMinLength, PasswordMaxLength).WithMessage($"A password has {PasswordMinLength} to {PasswordMaxLength} characters.")
        .Must(p => p is null || (p.Any(char.IsLetter) && p.Any(char.IsDigit))).WithMessage("A password contains at least one letter and one digit.");
}
