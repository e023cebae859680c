namespace OvasabiState.Layers;

/// <summary>One stored entry of a layer, as a read returns it.</summary>
/// <param name="Key">
/// The key it is stored under: the key a per-key read of the layer finds it at. Null when the
/// storage key is not one OvasabiState writes (a planted Web Storage item), so no per-key read reaches it.
/// </param>
/// <param name="Bytes">The encoded stored entry.</param>
/// <param name="Token">
/// The version token the layer stores beside it (what a compare-and-set write compares); null
/// when the read did not return it, in which case it is the entry's own version.
/// </param>
internal sealed record LayerEntry(IndexKey? Key, byte[] Bytes, string? Token = null);
