using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;

namespace OvasabiState.Layers;

/// <summary>
/// sessionStorage or localStorage: entries stored as base64 strings under
/// <c>ovs:{user}:{store}:{key}</c> (Web Storage holds only strings).
/// </summary>
internal sealed class WebStorageLayer(IBrowserStorage storage, WebStorageArea area) : IPersistentLayer
{
    public StateLayer Layer => area == WebStorageArea.Session ? StateLayer.Session : StateLayer.Local;

    public ValueTask<bool> IsAvailableAsync() => storage.IsAvailableAsync(area);

    public async ValueTask<byte[]?> ReadAsync(IStateBinding binding, StoreScope scope, IndexKey key)
    {
        var text = await storage.GetItemAsync(area, scope.WebKey(binding.Schema.Name, key)).ConfigureAwait(false);
        return text is null ? null : Decode(text, binding);
    }

    public ValueTask WriteAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<LayerWrite> writes)
    {
        var set = writes.Where(w => w.Entry is not null)
            .Select(w => new KeyValuePair<string, string>(scope.WebKey(binding.Schema.Name, w.Key), Convert.ToBase64String(w.Entry!)))
            .ToList();
        var remove = writes.Where(w => w.Entry is null).Select(w => scope.WebKey(binding.Schema.Name, w.Key)).ToList();
        return storage.WriteItemsAsync(area, set, remove);
    }

    public async ValueTask<IReadOnlyDictionary<IndexKey, byte[]>> ReadManyAsync(IStateBinding binding, StoreScope scope, IReadOnlyList<IndexKey> keys, Action<IndexKey, Exception> unreadable)
    {
        var found = new Dictionary<IndexKey, byte[]>(keys.Count);
        if (keys.Count == 0)
        {
            return found;
        }

        var texts = await storage.GetItemsAsync(area, keys.Select(k => scope.WebKey(binding.Schema.Name, k)).ToList()).ConfigureAwait(false);
        for (var i = 0; i < keys.Count; i++)
        {
            if (texts[i] is not { } text)
            {
                continue;
            }

            try
            {
                found[keys[i]] = Decode(text, binding);
            }
            catch (Serialization.StateFormatException exception)
            {
                unreadable(keys[i], exception);
            }
        }

        return found;
    }

    public async ValueTask<IReadOnlyList<LayerEntry>> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<IndexKey?, Exception> unreadable)
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
                entries.Add(new LayerEntry(KeyOf(keys[i], prefix), Decode(text, binding)));
            }
            catch (Serialization.StateFormatException exception)
            {
                unreadable(KeyOf(keys[i], prefix), exception);
            }
        }

        return entries;
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
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new Serialization.StateFormatException(binding.TypeName, 0, Serialization.StateFormatError.NotAPayload, "the stored text is not base64");
        }
    }
}
