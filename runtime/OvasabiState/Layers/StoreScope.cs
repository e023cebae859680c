using OvasabiState.Identity;

namespace OvasabiState.Layers;

/// <summary>Whose data a layer operation touches: keys and databases are namespaced by user.</summary>
/// <param name="UserId">The current user's id.</param>
internal readonly record struct StoreScope(string UserId)
{
    /// <summary>One IndexedDB database per user, so keys and indexes need no user prefix.</summary>
    public string Database => StorageKeys.Database(UserId);

    /// <summary>The web-storage key prefix of a store.</summary>
    public string Prefix(string store) => StorageKeys.StorePrefix(UserId, store);

    /// <summary>The web-storage key of a record.</summary>
    public string WebKey(string store, IndexKey key) => StorageKeys.Scoped(UserId, store, key);

    /// <summary>The Web Lock the writers of a store's Web Storage items take turns with, in every tab.</summary>
    public string LockName(string store) => "ovs-lock:" + StorageKeys.StorePrefix(UserId, store);
}
