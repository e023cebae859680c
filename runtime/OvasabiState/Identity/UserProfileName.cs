using System;

namespace OvasabiState.Identity;

/// <summary>The rules for user profile names.</summary>
internal static class UserProfileName
{
    public const string Default = "default";

    public const int MaxLength = 64;

    /// <summary>Throws an <see cref="ArgumentException"/> that says what is wrong with <paramref name="profile"/>.</summary>
    public static void Validate(string profile, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(profile, parameterName);
        if (profile.Length == 0)
        {
            throw new ArgumentException("A user profile name cannot be empty.", parameterName);
        }

        if (profile.Length > MaxLength)
        {
            throw new ArgumentException($"A user profile name is at most {MaxLength} characters; this one has {profile.Length}.", parameterName);
        }

        var bad = IndexOfInvalid(profile);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"A user profile name may hold only ASCII letters, digits, '-' and '_'; '{profile}' has '{profile[bad]}' at position {bad}.",
                parameterName);
        }
    }

    /// <summary>True when <paramref name="profile"/> follows the rules (for values read back from storage).</summary>
    public static bool IsValid(string? profile) =>
        !string.IsNullOrEmpty(profile) && profile.Length <= MaxLength && IndexOfInvalid(profile) < 0;

    private static int IndexOfInvalid(string profile)
    {
        // ASCII only: the name is hashed as UTF-8 and shown in the UI; a fixed alphabet keeps
        // look-alike Unicode names from becoming different users that print the same.
        for (var i = 0; i < profile.Length; i++)
        {
            var c = profile[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return i;
            }
        }

        return -1;
    }
}
