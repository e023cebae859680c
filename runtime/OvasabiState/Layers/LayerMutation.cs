using System.Collections.Generic;

namespace OvasabiState.Layers;

/// <summary>
/// One compare-and-set write of a layer: <see cref="Entry"/> (or a removal, when null) is stored
/// under <see cref="Key"/> only if the layer still holds the copy with token <see cref="Expected"/>
/// (null: no copy).
/// </summary>
/// <param name="Key">The record key.</param>
/// <param name="Entry">The encoded entry; null removes the record (a purged tombstone).</param>
/// <param name="Token">The entry's version token, stored beside it.</param>
/// <param name="Expected">The token of the copy the writer last saw there; null for none.</param>
/// <param name="SeenCounter">The layer's write counter when the writer saw it (IndexedDB; -1 when unknown).</param>
/// <param name="IndexValues">Index name to value, for IndexedDB.</param>
internal sealed record LayerMutation(IndexKey Key, byte[]? Entry, string? Token, string? Expected, long SeenCounter, IReadOnlyDictionary<string, IndexKey> IndexValues);

/// <summary>A record a compare-and-set write found changed.</summary>
/// <param name="Key">The record key.</param>
/// <param name="Bytes">What the layer holds now; null when it holds nothing.</param>
/// <param name="Token">The token stored beside it (null when absent or not returned).</param>
internal sealed record LayerConflict(IndexKey Key, byte[]? Bytes, string? Token);

/// <summary>What a compare-and-set batch did.</summary>
/// <param name="Counter">The layer's write counter after the batch (IndexedDB; -1 otherwise).</param>
/// <param name="Conflicts">Records not written: the layer holds another copy than expected.</param>
/// <param name="Refused">Records the layer refused (quota), each with why; the others were written.</param>
internal sealed record LayerMutationResult(long Counter, IReadOnlyList<LayerConflict> Conflicts, IReadOnlyList<(IndexKey Key, Storage.StorageException Error)> Refused);

/// <summary>What a batched read of a layer found.</summary>
/// <param name="Found">The entries found, by key.</param>
/// <param name="Counter">The layer's write counter in the reading transaction (IndexedDB; -1 otherwise).</param>
internal sealed record LayerRead(IReadOnlyDictionary<IndexKey, LayerEntry> Found, long Counter);

/// <summary>Every entry of a store in a layer, and the layer's write counter (IndexedDB; -1 otherwise).</summary>
internal sealed record LayerReadAll(IReadOnlyList<LayerEntry> Entries, long Counter);
