using System;
using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>The untyped change notifications of a store, for the sync manager.</summary>
internal interface IStateStoreEvents
{
    event Action<StoreChange>? AnyChanged;
}
