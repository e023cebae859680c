using System;

namespace OvasabiState.Sync;

/// <summary>One record's copy in one layer, as the storage inspector shows it.</summary>
/// <param name="Key">The record key, as text.</param>
/// <param name="Bytes">Its size in the layer (base64 text for Web Storage, bytes for memory and IndexedDB).</param>
/// <param name="Version">The version of the write that made it (<see cref="Versions.StateVersion.Token"/>).</param>
/// <param name="WrittenAt">When it was written.</param>
/// <param name="Origin">The tab (instance) that wrote it.</param>
/// <param name="ContentHash">XXH3 of the payload, as 16 hex digits: equal hashes mean equal copies.</param>
/// <param name="Preview">The decoded record (its <c>ToString()</c>, shortened).</param>
public sealed record StoredCopy(string Key, long Bytes, string Version, DateTimeOffset WrittenAt, string Origin, string ContentHash, string Preview);
