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

    public async ValueTask<IReadOnlyList<byte[]>> ReadAllAsync(IStateBinding binding, StoreScope scope, Action<Exception> unreadable)
    {
        var keys = await storage.GetKeysAsync(area, scope.Prefix(binding.Schema.Name)).ConfigureAwait(false);
        var entries = new List<byte[]>(keys.Count);
        foreach (var key in keys)
        {
            if (await storage.GetItemAsync(area, key).ConfigureAwait(false) is not { } text)
            {
                continue;
            }

            try
            {
                entries.Add(Decode(text, binding));
            }
            catch (Serialization.StateFormatException exception)
            {
                unreadable(exception);
            }
        }

        return entries;
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
