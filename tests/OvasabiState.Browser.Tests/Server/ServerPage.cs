using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// One tab on the server page: drives its inputs and buttons, reads what it shows, and reads the
/// browser's own storage behind it (localStorage, IndexedDB). Keeps the tab's console errors and
/// page errors.
/// </summary>
public sealed class ServerPage
{
    private const string Store = "server_notes";
    private readonly ConcurrentQueue<string> _errors = new();

    public ServerPage(IPage page, ITestOutputHelper? output)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            output?.WriteLine($"[console.{message.Type}] {message.Text}");
            if (message.Type == "error")
            {
                _errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue("page error: " + error);
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught page errors so far.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>Waits until the circuit has loaded the state (#status "ready"), and fails on an error the page shows.</summary>
    public async Task WaitReadyAsync()
    {
        await Page.WaitForFunctionAsync("() => document.querySelector('#status')?.textContent === 'ready'", null, new() { Timeout = 30_000 });
        Assert.Equal("", await TextAsync("errors"));
    }

    public Task<string> TextAsync(string id) => Page.Locator("#" + id).InnerTextAsync();

    public Task<string> UserIdAsync() => TextAsync("user");

    public Task<string> InstanceAsync() => TextAsync("instance");

    /// <summary>Writes a note through the page (memory at once, the browser's layers on the next turn).</summary>
    public async Task SaveAsync(string key, string text)
    {
        await Page.FillAsync("#key", key);
        await Page.FillAsync("#text", text);
        await Page.ClickAsync("#save");
        await Page.WaitForFunctionAsync("key => document.querySelector('#status')?.textContent === 'saved ' + key", key);
    }

    /// <summary>Reads a note back through the page: its text, or "(none)".</summary>
    public async Task<string> LoadAsync(string key)
    {
        await Page.FillAsync("#key", key);
        var before = await Page.GetAttributeAsync("#loaded", "data-loads");
        await Page.ClickAsync("#load");
        await Page.WaitForFunctionAsync("before => document.querySelector('#loaded')?.dataset.loads !== before", before);
        return await TextAsync("loaded");
    }

    /// <summary>Waits until the page lists a note with <paramref name="key"/> and <paramref name="text"/>.</summary>
    public Task WaitListedAsync(string key, string text) =>
        Page.WaitForFunctionAsync(
            "([key, text]) => [...document.querySelectorAll('#records li')].some(li => li.dataset.key === key && li.textContent === text)",
            new object[] { key, text },
            new() { Timeout = 15_000 });

    /// <summary>The keys the page lists.</summary>
    public async Task<IReadOnlyList<string>> ListedKeysAsync() =>
        (await Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#records li')].map(li => li.dataset.key)")).ToList();

    /// <summary>The note's localStorage item as the runtime writes it (<c>ovs:{user}:server_notes:s:{key}</c>), or null.</summary>
    public async Task<string?> LocalStorageItemAsync(string key) =>
        await Page.EvaluateAsync<string?>("key => localStorage.getItem(key)", $"ovs:{await UserIdAsync()}:{Store}:s:{key}");

    /// <summary>Every localStorage key that mentions <paramref name="key"/> under any user.</summary>
    public async Task<IReadOnlyList<string>> LocalStorageKeysEndingWithAsync(string key) =>
        await Page.EvaluateAsync<string[]>("suffix => Object.keys(localStorage).filter(k => k.endsWith(suffix))", $":{Store}:s:{key}");

    /// <summary>
    /// The note's object in this user's IndexedDB database (<c>ovasabi-{user}</c>), as
    /// "key|UpdatedAt|payload bytes", or null when the database, store or record is absent.
    /// </summary>
    public async Task<string?> IndexedDbObjectAsync(string key) =>
        await Page.EvaluateAsync<string?>(
            """
            async ([name, store, key]) => {
              const names = (await indexedDB.databases()).map(d => d.name);
              if (!names.includes(name)) return null;
              const db = await new Promise((resolve, reject) => {
                const request = indexedDB.open(name);
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              try {
                if (!db.objectStoreNames.contains(store)) return null;
                const object = await new Promise((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).get(key);
                  request.onsuccess = () => resolve(request.result);
                  request.onerror = () => reject(request.error);
                });
                return object === undefined ? null
                  : `${object.$key}|${object.UpdatedAt}|${object.$value instanceof Uint8Array ? object.$value.byteLength : 'not bytes'}`;
              } finally {
                db.close();
              }
            }
            """,
            new object[] { "ovasabi-" + await UserIdAsync(), Store, key });

    /// <summary>The names of the OvasabiState databases in this browser context.</summary>
    public async Task<IReadOnlyList<string>> DatabasesAsync() =>
        await Page.EvaluateAsync<string[]>("async () => (await indexedDB.databases()).map(d => d.name).filter(n => n.startsWith('ovasabi-'))");

    /// <summary>Polls the browser's storage until <paramref name="condition"/> holds (the realtime flush is asynchronous).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            await Task.Delay(50);
        }
    }
}
