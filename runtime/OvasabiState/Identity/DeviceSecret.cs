using System;
using System.Security.Cryptography;
using System.Text;

namespace OvasabiState.Identity;

/// <summary>
/// The device secret (256 random bits) and the user ids derived from it. Uses
/// <see cref="RandomNumberGenerator.Fill"/> and <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>:
/// both are supported in browser-wasm (crypto.getRandomValues and a managed SHA-256) and are
/// plain static calls, so trimming keeps them without annotations.
/// </summary>
internal static class DeviceSecret
{
    public const int Length = 32;

    /// <summary>Bytes of the id: 128 bits, as 32 hex characters.</summary>
    private const int IdBytes = 16;

    public static byte[] Create()
    {
        var secret = new byte[Length];
        RandomNumberGenerator.Fill(secret);
        return secret;
    }

    public static string Format(byte[] secret) => Convert.ToBase64String(secret);

    /// <summary>Decodes a stored secret; false when absent or not base64 of exactly 32 bytes.</summary>
    public static bool TryParse(string? text, out byte[] secret)
    {
        secret = new byte[Length];
        return text is not null
            && Convert.TryFromBase64String(text, secret, out var written)
            && written == Length;
    }

    /// <summary>
    /// The user id: lowercase hex of the first 16 bytes of SHA-256 over the secret followed by the
    /// UTF-8 of "ovasabi-user:" and the profile name. The prefix separates this use of the secret
    /// from any other hash of it; the secret never leaves the device, so ids cannot be linked
    /// across devices or guessed from a profile name.
    /// </summary>
    public static string DeriveUserId(ReadOnlySpan<byte> secret, string profile)
    {
        var domain = "ovasabi-user:"u8;

        // Profile names are validated ASCII of at most 64 characters, so this always fits.
        Span<byte> input = stackalloc byte[Length + 13 + UserProfileName.MaxLength];
        secret.CopyTo(input);
        var written = secret.Length;
        domain.CopyTo(input[written..]);
        written += domain.Length;
        written += Encoding.UTF8.GetBytes(profile, input[written..]);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..written], hash);
        CryptographicOperations.ZeroMemory(input);
        return Convert.ToHexStringLower(hash[..IdBytes]);
    }
}
