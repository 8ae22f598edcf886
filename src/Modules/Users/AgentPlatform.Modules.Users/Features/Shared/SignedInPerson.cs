using AgentPlatform.BuildingBlocks.Application;

namespace AgentPlatform.Modules.Users.Features.Shared;

internal static class SignedInPerson
{
    /// <summary>
    /// Some acts need a person who signed in, not an API key: a leaked key must not be able to mint
    /// successors or lock its owner out.
    /// </summary>
    public static void RequireSignedInPerson(this ICurrentUser currentUser, string act)
    {
        if (currentUser.Method == AuthenticationMethod.ApiKey)
        {
            throw DomainException.Forbidden("users.api_key_not_allowed", $"API keys cannot {act}; sign in to do it.");
        }
    }
}
