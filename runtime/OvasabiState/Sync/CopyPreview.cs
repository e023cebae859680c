using System;
using System.Globalization;
using OvasabiState.Serialization;

namespace OvasabiState.Sync;

/// <summary>Turns a stored copy into the inspector's <see cref="StoredCopy"/>: key, size, stamp and a decoded preview.</summary>
internal static class CopyPreview
{
    public static StoredCopy Describe(IStateBinding binding, long bytes, StateStamp stamp, ReadOnlySpan<byte> payload)
    {
        var key = binding.ReadKey(payload);
        var preview = binding.Preview(payload);
        return new StoredCopy(key.ToString(), bytes, stamp.Version.Token, stamp.WrittenAt, stamp.Origin,
            stamp.ContentHash.ToString("x16", CultureInfo.InvariantCulture), preview);
    }

    /// <summary>The copy of an encoded entry read from a persistent layer; null for a tombstone.</summary>
    /// <exception cref="StateFormatException">The entry or its payload cannot be read.</exception>
    public static StoredCopy? Decode(IStateBinding binding, StateLayer layer, byte[] encoded, string? token)
    {
        var entry = StoredEntry.Decode(encoded, binding.TypeName);
        if (entry.Stamp.Deleted)
        {
            return null;
        }

        // Web Storage keeps versioned base64 text: count what the browser holds (as the sync status does).
        var size = layer == StateLayer.IndexedDb ? encoded.Length : Storage.VersionedText.TextLength(encoded.Length, token);
        return Describe(binding, size, entry.Stamp, entry.Payload);
    }
}
