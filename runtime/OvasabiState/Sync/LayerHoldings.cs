using System.Collections.Generic;
using System.Linq;

namespace OvasabiState.Sync;

/// <summary>What one layer holds of one record type for the current user.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Available">False when the browser refused the layer.</param>
/// <param name="Copies">The readable copies, in key order.</param>
/// <param name="Unreadable">Copies that could not be decoded (corrupt or from an unknown format).</param>
public sealed record LayerHoldings(StateLayer Layer, bool Available, IReadOnlyList<StoredCopy> Copies, int Unreadable)
{
    /// <summary>Readable copies.</summary>
    public int Entries => Copies.Count;

    /// <summary>Size of the readable copies in the layer.</summary>
    public long Bytes => Copies.Sum(c => c.Bytes);
}
