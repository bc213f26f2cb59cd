using System.Security.Cryptography;
using System.Text;

namespace RegistryCheck.Data.Rules;

/// <summary>The initial password: the last six characters of the ID number, X upper-case.</summary>
public static class InitialPassword
{
    // Larger than any sensible typed value; longer input cannot match six characters anyway.
    private const int BufferBytes = 64;

    public static string For(string idNumber) => IdNumber.LastSix(idNumber);

    public static bool Matches(string storedIdNumber, string? typed)
    {
        ArgumentNullException.ThrowIfNull(storedIdNumber);

        Span<byte> expected = stackalloc byte[BufferBytes];
        Span<byte> actual = stackalloc byte[BufferBytes];
        expected.Clear();
        actual.Clear();

        // A stored value too short to have six characters has no initial password; it must not throw
        // in the middle of a sign-in.
        var stored = InputNormalizer.Normalize(storedIdNumber);
        var expectedText = stored.Length >= 6 ? stored[^6..] : "";
        var expectedFits = Encoding.UTF8.TryGetBytes(expectedText, expected, out var expectedLength);
        var actualFits = Encoding.UTF8.TryGetBytes(InputNormalizer.Normalize(typed), actual, out var actualLength);

        // Both buffers always have the same size, so the comparison time does not depend on how much
        // of the typed value is right; lengths are compared separately because zero padding hides them.
        var bytesEqual = CryptographicOperations.FixedTimeEquals(expected, actual);
        return bytesEqual
            & expectedLength == actualLength
            & expectedFits
            & actualFits
            & expectedLength > 0;
    }
}
