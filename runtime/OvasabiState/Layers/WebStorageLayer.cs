using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Serialization;
using OvasabiState.Storage;

namespace OvasabiState.Layers;

/// <summary>
/// sessionStorage or localStorage: entries stored as versioned text (<see cref="VersionedText"/>)
/// under <c>ovs:{user}:{store}:{key}</c> (Web Storage holds only strings). Writes are
/// compare-and-set under one Web Lock per store, so tabs writing the same store take turns.
/// </summary>
internal sealed class WebStorageLayer(IBrowserStorage storage, WebStorageArea area) : IPersistentLayer
{
    public StateLayer Layer => area == WebStorageArea.Session ? StateLayer.Session : StateLayer.Local;

    public ValueTask<bool> IsAvailableAsync() => storage.IsAvailableAsync(area);

    public async ValueTask<LayerEntry?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key)
    {
        var text = await storage.GetItemAsync(area, scope.WebKey(binding.Schema.Name, key)).ConfigureAwait(false);
        return text is null ? null : new LayerEntry(key, Decode(text, binding), VersionedText.TokenOf(text));
    }

    public async ValueTask<LayerMutationResult> MutateAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerMutation> mutations)
    {
        var store = binding.Schema.Name;
        var items = new WebStorageMutation[mutations.Count];
        var keys = new Dictionary<string, IndexKey>(mutations.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            var mutation = mutations[i];
            var webKey = scope.WebKey(store, mutation.Key);
            keys[webKey] = mutation.Key;
            var text = mutation.Entry is null ? null : VersionedText.Encode(mutation.Token ?? string.Empty, mutation.Entry);
            items[i] = new WebStorageMutation(webKey, text, mutation.Expected);
        }

        var result = await storage.MutateItemsAsync(area, scope.LockName(store), items).ConfigureAwait(false);
        var conflicts = new List<LayerConflict>(result.Conflicts.Count);
        foreach (var conflict in result.Conflicts)
        {
            byte[]? bytes = null;
            if (conflict.Stored is { } text)
            {
                try
                {
                    bytes = Decode(text, binding);
                }
                catch (StateFormatException)
                {
                    bytes = []; // Unreadable: the store reports it as corrupt and repairs it.
                }
            }

            conflicts.Add(new LayerConflict(keys[conflict.Key], bytes, VersionedText.TokenOf(conflict.Stored)));
        }

        var refused = new List<(IndexKey, StorageException)>(result.Refused.Count);
        foreach (var refusal in result.Refused)
        {
            refused.Add((keys[refusal.Key], refusal.Error));
        }

        return new LayerMutationResult(IndexedDbRead.UnknownCounter, conflicts, refused);
    }

    public async ValueTask<LayerRead> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable)
    {
        var found = new Dictionary<IndexKey, LayerEntry>(keys.Count);
        if (keys.Count == 0)
        {
            return new LayerRead(found, IndexedDbRead.UnknownCounter);
        }

        var webKeys = new string[keys.Count];
        for (var i = 0; i < webKeys.Length; i++)
        {
            webKeys[i] = scope.WebKey(binding.Schema.Name, keys[i]);
        }

        var texts = await storage.GetItemsAsync(area, webKeys).ConfigureAwait(false);
        for (var i = 0; i < keys.Count; i++)
        {
            if (texts[i] is not { } text)
            {
                continue;
            }

            try
            {
                found[keys[i]] = new LayerEntry(keys[i], Decode(text, binding), VersionedText.TokenOf(text));
            }
            catch (StateFormatException exception)
            {
                unreadable(keys[i], exception);
            }
        }

        return new LayerRead(found, IndexedDbRead.UnknownCounter);
    }

    public async ValueTask<LayerReadAll> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable)
    {
        var prefix = scope.Prefix(binding.Schema.Name);
        var keys = await storage.GetKeysAsync(area, prefix).ConfigureAwait(false);
        var texts = await storage.GetItemsAsync(area, keys).ConfigureAwait(false);
        var entries = new List<LayerEntry>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (texts[i] is not { } text)
            {
                continue;
            }

            try
            {
                entries.Add(new LayerEntry(KeyOf(keys[i], prefix), Decode(text, binding), VersionedText.TokenOf(text)));
            }
            catch (StateFormatException exception)
            {
                unreadable(KeyOf(keys[i], prefix), exception);
            }
        }

        return new LayerReadAll(entries, IndexedDbRead.UnknownCounter);
    }

    /// <summary>The record key a storage key holds: only a canonical key text, as <see cref="StoreScope.WebKey"/> writes it, so a per-key read would find the same item.</summary>
    private static IndexKey? KeyOf(string storageKey, string prefix)
    {
        var text = storageKey[prefix.Length..];
        return IndexKey.TryParse(text, out var key) && key.Kind != IndexKeyKind.None && key.ToString() == text ? (IndexKey?)key : null;
    }

    private static byte[] Decode(string text, IStateBinding binding)
    {
        try
        {
            return VersionedText.Decode(text);
        }
        catch (FormatException)
        {
            throw new StateFormatException(binding.TypeName, 0, StateFormatError.NotAPayload, "the stored text is not a versioned base64 entry");
        }
    }
}
