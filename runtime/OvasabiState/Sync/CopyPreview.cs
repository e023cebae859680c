using System;
using System.Globalization;
using System.Text.RegularExpressions;
using OvasabiState.Serialization;

namespace OvasabiState.Sync;

/// <summary>Turns a stored copy into the inspector's <see cref="StoredCopy"/>: key, size, stamp and a decoded preview.</summary>
internal static partial class CopyPreview
{
    /// <summary>Long enough to recognise a record, short enough for a table cell.</summary>
    public const int MaxPreviewLength = 400;

    public static StoredCopy Describe(IStateBinding binding, long bytes, StateStamp stamp, ReadOnlySpan<byte> payload)
    {
        var key = binding.ReadKey(payload);
        // A record's ToString prints collections as their type names; shorten those so the members after them still show.
        var preview = CollectionTypeName().Replace(binding.ReadBoxed(payload)?.ToString() ?? "", "$1[…]");
        if (preview.Length > MaxPreviewLength)
        {
            preview = string.Concat(preview.AsSpan(0, MaxPreviewLength - 1), "…");
        }

        return new StoredCopy(key.ToString(), bytes, stamp.Version, stamp.Timestamp, stamp.Origin,
            stamp.ContentHash.ToString("x16", CultureInfo.InvariantCulture), preview);
    }

    /// <summary>The copy of an encoded entry read from a persistent layer.</summary>
    /// <exception cref="StateFormatException">The entry or its payload cannot be read.</exception>
    public static StoredCopy Decode(IStateBinding binding, StateLayer layer, byte[] encoded)
    {
        var entry = StoredEntry.Decode(encoded, binding.TypeName);

        // Web Storage keeps base64 text: count what the browser holds (as the sync status does).
        var size = layer == StateLayer.IndexedDb ? encoded.Length : (encoded.Length + 2) / 3 * 4L;
        return Describe(binding, size, entry.Stamp, entry.Payload);
    }

    /// <summary>A collection's type name as ToString prints it, e.g. <c>System.Collections.Generic.List`1[System.String]</c>.</summary>
    [GeneratedRegex(@"System\.[\w.]*?(\w+)`\d+\[[\w.,\s`\[\]]*?\]+", RegexOptions.CultureInvariant)]
    private static partial Regex CollectionTypeName();
}
