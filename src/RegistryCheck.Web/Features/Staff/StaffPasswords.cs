using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Staff;

/// <summary>Passwords the portal makes up: shown once to the administrator, never stored or logged in clear.</summary>
public static class StaffPasswords
{
    // No 0/O, 1/l/I: the administrator reads it out or copies it by hand.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 14);

    public static async Task<string> GenerateValidAsync(UserManager<AppUser> users, AppUser user)
    {
        while (true)
        {
            var password = Generate();
            var ok = true;
            foreach (var validator in users.PasswordValidators)
            {
                ok &= (await validator.ValidateAsync(users, user, password)).Succeeded;
            }

            if (ok)
            {
                return password;
            }
        }
    }
}
