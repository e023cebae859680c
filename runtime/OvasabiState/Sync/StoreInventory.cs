using System;
using System.Collections.Generic;

namespace OvasabiState.Sync;

/// <summary>One record type across its layers: the storage inspector's row.</summary>
/// <param name="Store">The store (IndexedDB object store) name.</param>
/// <param name="TypeName">The record type.</param>
/// <param name="Sync">When its writes reach the lower layers.</param>
/// <param name="Retention">How long records are kept after their last write, if limited.</param>
/// <param name="Layers">Its layers in priority order, memory first.</param>
public sealed record StoreInventory(string Store, string TypeName, SyncMode Sync, TimeSpan? Retention, IReadOnlyList<LayerHoldings> Layers);
