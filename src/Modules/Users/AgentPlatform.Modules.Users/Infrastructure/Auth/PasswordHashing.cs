using AgentPlatform.Modules.Users.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>ASP.NET Core Identity's hasher: PBKDF2-HMAC-SHA512, 100,000 iterations, per-hash salt.</summary>
internal sealed class PasswordHashing
{
    private static readonly PasswordHasher<User> SharedHasher = new();

    private readonly PasswordHasher<User> _hasher = SharedHasher;

    // Verified when the account does not exist, so a miss costs the same time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => SharedHasher.HashPassword(null!, "dummy-password-for-timing"));

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, hash ?? DummyHash.Value, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
