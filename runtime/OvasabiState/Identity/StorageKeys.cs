using System;

namespace OvasabiState.Identity;

/// <summary>
/// Puts every persisted key under the current user's id, so two users of one browser profile
/// never read each other's state. Web Storage keys read <c>ovs:{userId}:{store}:{key}</c>;
/// IndexedDB data lives in one database per user, <c>ovasabi-{userId}</c>, so its keys and
/// indexes need no prefix.
/// </summary>
public static class StorageKeys
{
    /// <summary>The prefix of every Web Storage key OvasabiState writes for a user.</summary>
    public const string Prefix = "ovs:";

    /// <summary>The Web Storage key of one record: <c>ovs:{userId}:{store}:{key}</c>.</summary>
    /// <param name="userId">The user's id (<see cref="UserIdentity.UserId"/>).</param>
    /// <param name="store">The record type's store name.</param>
    /// <param name="key">The record's key, written in its canonical text form (<see cref="IndexKey.ToString"/>).</param>
    /// <exception cref="ArgumentException">An id or store name is empty or contains ':', or the key is <see cref="IndexKey.None"/>.</exception>
    public static string Scoped(string userId, string store, IndexKey key)
    {
        ValidateKey(key);
        return StorePrefix(userId, store) + key.ToString();
    }

    /// <summary>
    /// The prefix shared by every key of one user's store, <c>ovs:{userId}:{store}:</c>: list the
    /// store's keys with it. No other user's or store's key starts with it.
    /// </summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="store">The store name.</param>
    /// <exception cref="ArgumentException">An id or store name is empty or contains ':'.</exception>
    public static string StorePrefix(string userId, string store)
    {
        ValidatePart(userId, nameof(userId));
        ValidatePart(store, nameof(store));
        return string.Concat(Prefix, userId, ":", store, ":");
    }

    /// <summary>The IndexedDB database of a user: <c>ovasabi-{userId}</c>.</summary>
    /// <param name="userId">The user's id.</param>
    /// <exception cref="ArgumentException">The id is empty or contains ':'.</exception>
    public static string Database(string userId)
    {
        ValidatePart(userId, nameof(userId));
        return "ovasabi-" + userId;
    }

    private static void ValidatePart(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);

        // ':' separates the parts. Store names cannot hold one (the generator allows letters,
        // digits, '.', '_' and '-'), and user ids are hex; a ':' here would let store "a:s" and
        // store "a" produce the same key, so it is refused rather than escaped.
        if (value.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value}' contains ':', which separates the parts of a storage key.", name);
        }
    }

    private static void ValidateKey(IndexKey key)
    {
        if (key.Kind == IndexKeyKind.None)
        {
            throw new ArgumentException("A record key cannot be IndexKey.None.", nameof(key));
        }
    }
}
