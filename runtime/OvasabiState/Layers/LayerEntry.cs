namespace OvasabiState.Layers;

/// <summary>One stored entry of a layer, as a whole-store read returns it.</summary>
/// <param name="Key">
/// The key it is stored under: the key a per-key read of the layer finds it at. Null when the
/// storage key is not one OvasabiState writes (a planted Web Storage item), so no per-key read reaches it.
/// </param>
/// <param name="Bytes">The encoded stored entry.</param>
internal sealed record LayerEntry(IndexKey? Key, byte[] Bytes);
