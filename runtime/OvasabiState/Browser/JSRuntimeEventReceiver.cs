using System.Globalization;
using Microsoft.JSInterop;
using OvasabiState.Storage;
using OvasabiState.Versions;

namespace OvasabiState.Browser;

/// <summary>
/// What the module calls back through a <see cref="DotNetObjectReference{TValue}"/> (ovasabi-channel.js
/// <c>subscribe</c>): page events and other tabs' messages for one <see cref="JSRuntimeBrowserStorage"/>.
/// A separate object, so the storage's public surface carries no <c>[JSInvokable]</c> methods.
/// </summary>
internal sealed class JSRuntimeEventReceiver(JSRuntimeBrowserStorage storage)
{
    /// <summary>0 online, 1 offline, 2 page hide (<see cref="BrowserEvent"/>).</summary>
    [JSInvokable]
    public void OnEnvironment(int kind)
    {
        if (kind is >= 0 and <= 2)
        {
            storage.RaiseEnvironment((BrowserEvent)kind);
        }
    }

    /// <summary>A message another tab broadcast: a record's key and its version token.</summary>
    [JSInvokable]
    public void OnMessage(string store, string key, string origin, string version)
    {
        if (StateVersion.TryParse(version, out _))
        {
            storage.RaiseMessage(new CrossTabMessage(store, key, origin, version));
        }
    }

    /// <summary>Several changes another tab broadcast in one message (a flush).</summary>
    [JSInvokable]
    public void OnMessages(string store, string origin, string[] keys, string[] versions)
    {
        if (BrowserJson.ReadChanges(store, origin, keys, versions) is { } message)
        {
            storage.RaiseMessage(message);
        }
    }
}
