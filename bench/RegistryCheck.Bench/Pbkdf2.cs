using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Bench;

/// <summary>The sign-in ceiling's unit: one PBKDF2 verify as the portal does it (Identity v3 format, defaults), on one thread.</summary>
public static class Pbkdf2
{
    /// <summary>Median of 15 verifies of <paramref name="hash"/>, in milliseconds.</summary>
    public static Task<double> VerifyMsAsync(string hash, string password)
    {
        var hasher = new PasswordHasher<AppUser>();
        var user = new AppUser();
        return Load.MedianMsAsync(15, () =>
        {
            if (hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed)
            {
                throw new InvalidOperationException("verify failed");
            }

            return Task.CompletedTask;
        });
    }
}
