using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using OvasabiState.Storage;
using OvasabiState.Versions;

namespace OvasabiState.Browser;

/// <summary>
/// The entry points the JavaScript module calls ([JSExport]): page events and messages from
/// other tabs, routed to every live <see cref="JSBrowserStorage"/>.
/// </summary>
[SupportedOSPlatform("browser")]
internal static partial class JSBrowserEvents
{
    private static readonly object Gate = new();
    private static readonly List<JSBrowserStorage> Listeners = new();

    public static void Add(JSBrowserStorage storage)
    {
        lock (Gate)
        {
            Listeners.Add(storage);
        }
    }

    public static void Remove(JSBrowserStorage storage)
    {
        lock (Gate)
        {
            Listeners.Remove(storage);
        }
    }

    /// <summary>0 online, 1 offline, 2 page hide (<see cref="BrowserEvent"/>).</summary>
    [JSExport]
    public static void OnEnvironment(int kind)
    {
        if (kind is < 0 or > 2)
        {
            return;
        }

        foreach (var listener in Snapshot())
        {
            listener.RaiseEnvironment((BrowserEvent)kind);
        }
    }

    /// <summary>A message another tab broadcast: a record's key and its version token.</summary>
    [JSExport]
    public static void OnMessage(string store, string key, string origin, string version)
    {
        if (!StateVersion.TryParse(version, out _))
        {
            return; // Something else on the channel.
        }

        var message = new CrossTabMessage(store, key, origin, version);
        foreach (var listener in Snapshot())
        {
            listener.RaiseMessage(message);
        }
    }

    /// <summary>Several changes another tab broadcast in one message (a flush).</summary>
    [JSExport]
    public static void OnMessages(
        string store,
        string origin,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] keys,
        [JSMarshalAs<JSType.Array<JSType.String>>] string[] versions)
    {
        if (BrowserJson.ReadChanges(store, origin, keys, versions) is not { } message)
        {
            return;
        }

        foreach (var listener in Snapshot())
        {
            listener.RaiseMessage(message);
        }
    }

    private static JSBrowserStorage[] Snapshot()
    {
        lock (Gate)
        {
            return Listeners.ToArray();
        }
    }
}
