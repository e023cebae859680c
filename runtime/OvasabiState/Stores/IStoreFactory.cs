using OvasabiState.Sync;

namespace OvasabiState.Stores;

/// <summary>Lets the sync manager create the typed store of a binding it only knows as <see cref="IStateBinding"/>.</summary>
internal interface IStoreFactory
{
    IStoreController CreateStore(StateRuntime runtime);
}
