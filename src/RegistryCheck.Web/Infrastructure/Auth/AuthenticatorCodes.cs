using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>
/// The sign-in's check of an authenticator code (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, one step of
/// clock drift either way), with what Identity's provider lacks: a code is accepted at most once. The last accepted
/// time step is kept in Identity's token table; a code of that step or an earlier one is refused, so a code seen
/// over a shoulder or in a proxy log cannot be replayed within its window. Two requests with one code at once:
/// the user row's concurrency stamp lets only one of them store the step.
/// </summary>
public sealed class AuthenticatorCodes(UserManager<AppUser> users, ILogger<AuthenticatorCodes> logger)
{
    private const string Provider = "RegistryCheck";
    private const string LastStepName = "LastTotpStep";

    public async Task<bool> AcceptAsync(AppUser user, string code)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        // Authenticator apps follow the wall clock, as Identity's own provider does: not the injectable TimeProvider.
        if (key is null || MatchingStep(key, code, DateTimeOffset.UtcNow) is not long step)
        {
            return false;
        }

        var last = await users.GetAuthenticationTokenAsync(user, Provider, LastStepName);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
        {
            logger.LogWarning("Authenticator code of an already used time step refused for user {UserId}", user.Id);
            return false;
        }

        try
        {
            return (await users.SetAuthenticationTokenAsync(user, Provider, LastStepName, step.ToString(CultureInfo.InvariantCulture))).Succeeded;
        }
        catch (DbUpdateException)
        {
            // A parallel request inserted the step row first: it used the code.
            return false;
        }
    }

    /// <summary>The time step (now, one before or one after) whose code this is, or null.</summary>
    public static long? MatchingStep(string base32Key, string code, DateTimeOffset now)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var secret = Base32(base32Key);
        var current = now.ToUnixTimeSeconds() / 30;
        for (var step = current - 1; step <= current + 1; step++)
        {
            var expected = CodeAt(secret, step);
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return step;
            }
        }

        return null;
    }

    private static string CodeAt(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                continue;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
