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
}
