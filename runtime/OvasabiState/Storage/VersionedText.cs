using System;

namespace OvasabiState.Storage;

/// <summary>
/// How a versioned entry is kept in Web Storage, which holds only text: <c>ovs2:{token}:{base64}</c>.
/// The token in front lets a compare-and-set write (in JavaScript, under a Web Lock) compare
/// versions without decoding the entry. Items written by the first wave are plain base64; their
/// token is empty.
/// </summary>
public static class VersionedText
{
    /// <summary>The marker of a versioned item (':' is not a base64 character, so a plain item never starts with it).</summary>
    public const string Prefix = "ovs2:";

    /// <summary>The text of an entry's bytes with its version token.</summary>
    public static string Encode(string token, byte[] entry)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(entry);
        return string.Concat(Prefix, token, ":", Convert.ToBase64String(entry));
    }

    /// <summary>How many characters the item of an entry of <paramref name="entryBytes"/> bytes stored with <paramref name="token"/> takes (empty: a first-wave item).</summary>
    public static long TextLength(int entryBytes, string? token) =>
        ((entryBytes + 2L) / 3 * 4) + (string.IsNullOrEmpty(token) ? 0 : Prefix.Length + token.Length + 1);

    /// <summary>The version token of a stored item: null when absent, empty for an item without one.</summary>
    public static string? TokenOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var end = text.IndexOf(':', Prefix.Length);
        return end < 0 ? string.Empty : text[Prefix.Length..end];
    }

    /// <summary>The entry's bytes.</summary>
    /// <exception cref="FormatException">The text is not base64 after its version token.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var end = text.IndexOf(':', Prefix.Length);
            if (end < 0)
            {
                throw new FormatException("the versioned item has no ':' after its version token");
            }

            return Convert.FromBase64String(text[(end + 1)..]);
        }

        return Convert.FromBase64String(text);
    }
}
