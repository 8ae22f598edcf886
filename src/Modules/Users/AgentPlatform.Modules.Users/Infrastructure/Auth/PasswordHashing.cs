using AgentPlatform.Modules.Users.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace AgentPlatform.Modules.Users.Infrastructure.Auth;

/// <summary>ASP.NET Core Identity's hasher: PBKDF2-HMAC-SHA512, 100,000 iterations, per-hash salt. A singleton.</summary>
internal sealed class PasswordHashing
{
    private readonly PasswordHasher<User> _hasher = new();

    // Verified when the account does not exist, so a miss costs the same time as a wrong password.
    private readonly Lazy<string> _dummyHash;

    public PasswordHashing() => _dummyHash = new(() => Hash("dummy-password-for-timing"));

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, hash ?? _dummyHash.Value, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
