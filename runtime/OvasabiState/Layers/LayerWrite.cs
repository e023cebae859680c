using System.Collections.Generic;

namespace OvasabiState.Layers;

/// <summary>One record to write (or, with a null entry, delete) in a layer.</summary>
/// <param name="Key">The record key.</param>
/// <param name="Entry">The encoded stored entry; null deletes the record.</param>
/// <param name="IndexValues">Index name to value, for IndexedDB.</param>
internal sealed record LayerWrite(IndexKey Key, byte[]? Entry, IReadOnlyDictionary<string, IndexKey> IndexValues);
