using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OvasabiState.Storage;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The sample's state page (sample/OvasabiState.Sample/Pages/Home.razor) as the tests drive it,
/// and reads of the browser's own storage (localStorage, sessionStorage, IndexedDB) behind it.
/// </summary>
public sealed class SamplePage
{
    private readonly ITestOutputHelper? _output;
    private readonly List<string> _console = new();

    public SamplePage(IPage page, ITestOutputHelper? output)
    {
        Page = page;
        _output = output;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Log("page error: " + error);
    }

    public IPage Page { get; }

    /// <summary>The current user's id, as the page shows it.</summary>
    public async Task<string> UserIdAsync() => (await Page.TextContentAsync("#user-id"))!.Trim();

    /// <summary>The user's IndexedDB database.</summary>
    public async Task<string> DatabaseAsync() => "ovasabi-" + await UserIdAsync();

    /// <summary>The storage boundary the page runs on: "JSImport" or "IJSRuntime".</summary>
    public async Task<string> InteropAsync() => (await Page.TextContentAsync("#interop"))!.Trim();

    public async Task WaitReadyAsync()
    {
        await Expect(Page.Locator("#ready")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitReadyAsync();
    }

    public Task SaveComputeAsync(string id, string type, long timestamp) => RunAsync("#save-compute", $"saved {id}", new()
    {
        ["#compute-id"] = id,
        ["#compute-type"] = type,
        ["#compute-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Sets only the Name of campaign <paramref name="id"/> (periodic: pending until a flush).</summary>
    public Task SetCampaignNameAsync(long id, string name) => RunAsync("#set-campaign-name", $"set name of campaign {id}", new()
    {
        ["#campaign-id"] = id.ToString(CultureInfo.InvariantCulture),
        ["#campaign-name"] = name,
    });

    /// <summary>Sets only the Notes of campaign <paramref name="id"/> (periodic: pending until a flush).</summary>
    public Task SetCampaignNotesAsync(long id, string notes) => RunAsync("#set-campaign-notes", $"set notes of campaign {id}", new()
    {
        ["#campaign-id"] = id.ToString(CultureInfo.InvariantCulture),
        ["#campaign-notes"] = notes,
    });

    public Task DeleteCampaignAsync(long id) => RunAsync("#delete-campaign", $"deleted campaign {id}", new() { ["#campaign-id"] = id.ToString(CultureInfo.InvariantCulture) });

    public Task FlushCampaignsAsync() => RunAsync("#flush-campaigns", "flushed campaigns", new());

    /// <summary>"id|name|notes", or "none".</summary>
    public async Task<string> LoadCampaignAsync(long id)
    {
        await RunAsync("#load-campaign", $"loaded campaign {id}", new() { ["#campaign-id"] = id.ToString(CultureInfo.InvariantCulture) });
        return (await Page.TextContentAsync("#campaign-result"))!;
    }

    /// <summary>"id|type|timestamp|data length", or "none".</summary>
    public async Task<string> LoadComputeAsync(string id)
    {
        await RunAsync("#load-compute", $"loaded {id}", new() { ["#compute-id"] = id });
        return (await Page.TextContentAsync("#compute-result"))!;
    }

    /// <summary>Ids in index order, comma-separated.</summary>
    public async Task<string> QueryAsync(string type, long? from, long? to)
    {
        await RunAsync("#run-query", "queried", new()
        {
            ["#query-type"] = type,
            ["#query-from"] = from?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["#query-to"] = to?.ToString(CultureInfo.InvariantCulture) ?? "",
        });
        return (await Page.TextContentAsync("#query-result"))!;
    }

    /// <summary>Compute states "bulk-00000".. of type "bulk" (timestamps 0..count-1), in one SetManyAsync and one flush.</summary>
    public Task SaveBulkAsync(int count) => RunAsync("#save-bulk", $"saved {count} in bulk", new()
    {
        ["#bulk-count"] = count.ToString(CultureInfo.InvariantCulture),
    });

    public Task SaveSessionAsync(string id, int pageViews) => RunAsync("#save-session", $"saved session {id}", new()
    {
        ["#session-id"] = id,
        ["#session-views"] = pageViews.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>"id|page views", or "none".</summary>
    public async Task<string> LoadSessionAsync(string id)
    {
        await RunAsync("#load-session", $"loaded session {id}", new() { ["#session-id"] = id });
        return (await Page.TextContentAsync("#session-result"))!;
    }

    /// <summary>A cell of the status table: available, entries, bytes, pending, last-sync, failure.</summary>
    public ILocator Status(string layer, string column) => Page.Locator($"#layer-{layer} .{column}");

    public Task RefreshStatusAsync() => Page.ClickAsync("#refresh-status");

    /// <summary>Waits until the sample's service worker is active and controls the page (it claims open pages on activate).</summary>
    public async Task WaitForServiceWorkerAsync()
    {
        await Page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await Page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new() { Timeout = 30_000 });
    }

    /// <summary>True when the page is controlled by a service worker.</summary>
    public Task<bool> ControlledAsync() => Page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null");

    // ------------------------------------------------------------ the browser's own storage

    /// <summary>The localStorage (or sessionStorage) value of a record, or null.</summary>
    public async Task<string?> WebStorageValueAsync(string area, string store, string key) =>
        await Page.EvaluateAsync<string?>(
            "([area, key]) => globalThis[area].getItem(key)",
            new object[] { area, $"ovs:{await UserIdAsync()}:{store}:s:{key}" });

    /// <summary>
    /// One stored IndexedDB object as "key|Type|Timestamp|payload bytes" (the indexed members as
    /// the module stores them, plain properties), or null when absent.
    /// </summary>
    public async Task<string?> IndexedDbObjectAsync(string store, string key) =>
        await Page.EvaluateAsync<string?>(
            """
            async ([name, store, key]) => {
              const db = await new Promise((resolve, reject) => {
                const request = indexedDB.open(name);
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              try {
                const object = await new Promise((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).get(key);
                  request.onsuccess = () => resolve(request.result);
                  request.onerror = () => reject(request.error);
                });
                return object === undefined ? null
                  : `${object.$key}|${object.Type}|${object.Timestamp}|${object.$value instanceof Uint8Array ? object.$value.byteLength : 'not bytes'}`;
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await DatabaseAsync(), store, key });

    /// <summary>
    /// One stored IndexedDB object's entry as localStorage holds the same entry, versioned text
    /// (<c>ovs2:{$ver}:{base64 of $value}</c>, Storage/VersionedText.cs), so copies of the two
    /// layers compare as text; null when absent.
    /// </summary>
    public async Task<string?> IndexedDbEntryTextAsync(string store, string key) =>
        await Page.EvaluateAsync<string?>(
            """
            async ([name, store, key]) => {
              const db = await new Promise((resolve, reject) => {
                const request = indexedDB.open(name);
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              try {
                const object = await new Promise((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).get(key);
                  request.onsuccess = () => resolve(request.result);
                  request.onerror = () => reject(request.error);
                });
                if (object === undefined) return null;
                let text = '';
                for (const b of object.$value) text += String.fromCharCode(b);
                return `ovs2:${object.$ver ?? ''}:${btoa(text)}`;
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await DatabaseAsync(), store, key });

    /// <summary>The version token and entry length of a versioned Web Storage item (<c>ovs2:{token}:{base64}</c>).</summary>
    public static (string Token, int Length) Versioned(string item)
    {
        Assert.StartsWith(VersionedText.Prefix, item, StringComparison.Ordinal);
        return (VersionedText.TokenOf(item)!, VersionedText.Decode(item).Length);
    }

    /// <summary>How many objects a store of the user's database holds (read directly, not through the module).</summary>
    public async Task<int> IndexedDbCountAsync(string store) =>
        await Page.EvaluateAsync<int>(
            """
            async ([name, store]) => {
              const db = await new Promise((resolve, reject) => {
                const request = indexedDB.open(name);
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              try {
                return await new Promise((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).count();
                  request.onsuccess = () => resolve(request.result);
                  request.onerror = () => reject(request.error);
                });
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await DatabaseAsync(), store });

    /// <summary>
    /// How many batches a store's journal holds (its number keys: the store's write counter is kept
    /// beside them, under the key "counter").
    /// </summary>
    public async Task<int> JournalEntriesAsync(string store) =>
        await Page.EvaluateAsync<int>(
            """
            async ([name, store]) => {
              const db = await new Promise((resolve, reject) => {
                const request = indexedDB.open(name);
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              try {
                return await new Promise((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).count(IDBKeyRange.upperBound(Infinity));
                  request.onsuccess = () => resolve(request.result);
                  request.onerror = () => reject(request.error);
                });
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await DatabaseAsync(), "$journal:" + store });

    /// <summary>Runs a getAllKeys on a native IndexedDB index with a range built in the page: primary keys, comma-separated.</summary>
    public async Task<string> IndexedDbIndexKeysAsync(string store, string index, string rangeExpression) =>
        await Page.EvaluateAsync<string>(
            $$"""
            async ([name, store, index]) => {
              const db = await new Promise((resolve, reject) => {
                const request = indexedDB.open(name);
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              try {
                const keys = await new Promise((resolve, reject) => {
                  const request = db.transaction(store).objectStore(store).index(index).getAllKeys({{rangeExpression}});
                  request.onsuccess = () => resolve(request.result);
                  request.onerror = () => reject(request.error);
                });
                return keys.join(',');
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await DatabaseAsync(), store, index });

    /// <summary>Fills the origin's localStorage to the last character the quota allows; returns the number of filler items.</summary>
    public Task<int> FillLocalStorageAsync() => Page.EvaluateAsync<int>(
        """
        () => {
          let chunk = 'x'.repeat(1 << 20), i = 0;
          while (chunk.length > 0) {
            try { localStorage.setItem('fill-' + i, chunk); i++; }
            catch { chunk = chunk.slice(0, chunk.length >> 1); }
          }
          return i;
        }
        """);

    /// <summary>Removes the items <see cref="FillLocalStorageAsync"/> wrote.</summary>
    public Task EmptyLocalStorageFillAsync() => Page.EvaluateAsync(
        "() => { for (const key of Object.keys(localStorage)) if (key.startsWith('fill-')) localStorage.removeItem(key); }");

    /// <summary>Cuts a stored IndexedDB payload in half in place; the indexed members stay as they were.</summary>
    public async Task TruncateIndexedDbPayloadAsync(string store, string key) => await Page.EvaluateAsync(
        """
        async ([name, store, key]) => {
          const db = await new Promise((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          try {
            const tx = db.transaction(store, 'readwrite');
            const os = tx.objectStore(store);
            const get = os.get(key);
            get.onsuccess = () => {
              const object = get.result;
              object.$value = object.$value.slice(0, object.$value.byteLength >> 1);
              os.put(object);
            };
            await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
          } finally {
            db.close();
          }
        }
        """,
        new object[] { await DatabaseAsync(), store, key });

    /// <summary>Polls <paramref name="read"/> until it gives a value that <paramref name="done"/> accepts.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutMs = 5_000)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                Assert.Fail($"{what}: still {value?.ToString() ?? "null"} after {timeoutMs} ms");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Fills the inputs, clicks, and waits until the page reports the operation done.</summary>
    private async Task RunAsync(string button, string expected, Dictionary<string, string> inputs)
    {
        // A background tab gets no animation frames, and Playwright's click waits for them.
        await Page.BringToFrontAsync();
        foreach (var (selector, value) in inputs)
        {
            await Page.FillAsync(selector, value);
        }

        // The page counts operations, so that a repeated one is not mistaken for done.
        var count = Page.Locator("#op-count");
        var before = await count.TextContentAsync();
        await Page.ClickAsync(button);
        await Expect(count).Not.ToHaveTextAsync(before!);
        await Expect(Page.Locator("#last-op")).ToHaveTextAsync(expected);
    }

    private void Log(string line)
    {
        lock (_console)
        {
            _console.Add(line);
        }

        try
        {
            _output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already ended.
        }
    }
}
