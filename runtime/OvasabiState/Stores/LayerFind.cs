using OvasabiState.Conflicts;

namespace OvasabiState.Stores;

/// <summary>What reading one layer for one key found.</summary>
/// <param name="Read">False when the layer could not be read (unavailable, or the read failed).</param>
/// <param name="Copy">The copy found; null when the layer holds none (or an unreadable one, see <see cref="Corrupt"/>).</param>
/// <param name="Token">The token stored beside it, when the read returned it.</param>
/// <param name="Counter">The layer's write counter in the read.</param>
/// <param name="Corrupt">The layer holds a copy that could not be decoded (reported): a write replaces it.</param>
internal readonly record struct LayerFind<T>(bool Read, Copy<T>? Copy, string? Token, long Counter, bool Corrupt = false)
{
    public static LayerFind<T> NotRead => default;
}
