using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// A database written by an older build (no indexes on compute_states, objects without index
/// values, another schema hash recorded in <c>$ovasabi</c>): the next start upgrades it, the
/// runtime rewrites the stored objects with their index values, and index queries are exact.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class SchemaUpgradeTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";

    [Fact]
    public async Task A_database_of_an_older_build_is_upgraded_on_start_and_its_records_are_reindexed()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await SaveAllAsync(page);
        var indexes = await IndexNamesAsync(page);
        Assert.Contains("type_time", indexes.Split(','));

        // What an older build left: no indexes, objects without index values, its own hash.
        var stripped = await page.Page.EvaluateAsync<string>(
            """
            async ([name, store]) => {
              const current = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name);
                r.onsuccess = () => { const v = r.result.version; r.result.close(); resolve(v); };
                r.onerror = () => reject(r.error);
              });
              let count = 0;
              const db = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name, current + 1);
                r.onupgradeneeded = () => {
                  const os = r.transaction.objectStore(store);
                  for (const index of Array.from(os.indexNames)) os.deleteIndex(index);
                  os.openCursor().onsuccess = (e) => {
                    const cursor = e.target.result;
                    if (!cursor) return;
                    const { $key, $value } = cursor.value;
                    cursor.update({ $key, $value });
                    count++;
                    cursor.continue();
                  };
                  const meta = r.transaction.objectStore('$ovasabi');
                  meta.get('hashes').onsuccess = (e) => meta.put({ ...e.target.result, [store]: 'older-build' }, 'hashes');
                };
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              db.close();
              return String(count);
            }
            """,
            new object[] { await page.DatabaseAsync(), Computes });
        Assert.Equal("5", stripped);
        Assert.Equal("", await IndexNamesAsync(page));
        Assert.StartsWith("c40|undefined|undefined|", await page.IndexedDbObjectAsync(Computes, "c40"));
        Assert.Equal("older-build", await StoreHashAsync(page));

        await page.ReloadAsync();
        Assert.Equal(indexes, await IndexNamesAsync(page));
        Assert.NotEqual("older-build", await StoreHashAsync(page));
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c40"), v => v?.StartsWith("c40|alpha|4000|", System.StringComparison.Ordinal) == true, "c40 reindexed");
        await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, "c44"), v => v?.StartsWith("c44|gamma|3900|", System.StringComparison.Ordinal) == true, "c44 reindexed");

        // The browser's own indexes see every record again.
        Assert.Equal("c40,c41,c43", await page.IndexedDbIndexKeysAsync(Computes, "Type", "IDBKeyRange.only('alpha')"));
        Assert.Equal("c40,c41", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.bound(['alpha', 4000], ['alpha', 4500])"));
        Assert.Equal("c44,c40,c41,c42", await page.IndexedDbIndexKeysAsync(Computes, "Timestamp", "IDBKeyRange.upperBound(4200)"));

        // The page's queries, and the data, are exact.
        Assert.Equal("c40,c41", await page.QueryAsync("alpha", 4000, 4500));
        Assert.Equal("c42", await page.QueryAsync("beta", null, null));
        Assert.Equal("c41,c42", await page.QueryAsync("", 4100, 4200));
        Assert.Equal("c44,c40,c41,c42,c43", await page.QueryAsync("", null, null));
        Assert.Equal("c43|alpha|5000|4", await page.LoadComputeAsync("c43"));
        Assert.Equal("c44|gamma|3900|4", await page.LoadComputeAsync("c44"));
        await Expect(page.Page.Locator("#compute-list")).ToHaveTextAsync("c40@4000,c41@4100,c42@4200,c43@5000,c44@3900");
        await Expect(page.Page.Locator("#errors li")).ToHaveCountAsync(0);

        // A third reload finds the schema up to date, and the app keeps working.
        await page.ReloadAsync();
        await page.SaveComputeAsync("c45", "alpha", 4300);
        Assert.Equal("c40,c41,c45", await page.QueryAsync("alpha", 4000, 4500));
        Assert.Equal("c40,c41,c45", await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.bound(['alpha', 4000], ['alpha', 4500])"));
    }

    [Fact]
    public async Task Objects_stripped_of_their_index_values_under_the_same_schema_hash_are_not_reindexed()
    {
        // The control for the test above: without a schema change nothing rewrites the objects.
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await SaveAllAsync(page);
        await page.Page.EvaluateAsync(
            """
            async ([name, store]) => {
              const db = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name);
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              const tx = db.transaction(store, 'readwrite');
              tx.objectStore(store).openCursor().onsuccess = (e) => {
                const cursor = e.target.result;
                if (!cursor) return;
                const { $key, $value } = cursor.value;
                cursor.update({ $key, $value });
                cursor.continue();
              };
              await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
              db.close();
            }
            """,
            new object[] { await page.DatabaseAsync(), Computes });

        await page.ReloadAsync();
        Assert.Equal("c40|alpha|4000|4", await page.LoadComputeAsync("c40"));
        Assert.StartsWith("c40|undefined|undefined|", await page.IndexedDbObjectAsync(Computes, "c40"));
        Assert.Equal("", await page.IndexedDbIndexKeysAsync(Computes, "Type", "IDBKeyRange.only('alpha')"));
    }

    private static async Task SaveAllAsync(SamplePage page)
    {
        await page.SaveComputeAsync("c40", "alpha", 4000);
        await page.SaveComputeAsync("c41", "alpha", 4100);
        await page.SaveComputeAsync("c42", "beta", 4200);
        await page.SaveComputeAsync("c43", "alpha", 5000);
        await page.SaveComputeAsync("c44", "gamma", 3900);
        foreach (var key in new[] { "c40", "c41", "c42", "c43", "c44" })
        {
            Assert.NotNull(await SamplePage.EventuallyAsync(() => page.IndexedDbObjectAsync(Computes, key), v => v is not null, key + " in IndexedDB"));
        }
    }

    private static async Task<string> IndexNamesAsync(SamplePage page) =>
        await page.Page.EvaluateAsync<string>(
            """
            async ([name, store]) => {
              const db = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name);
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              try {
                return Array.from(db.transaction(store).objectStore(store).indexNames).join(',');
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await page.DatabaseAsync(), Computes });

    private static async Task<string?> StoreHashAsync(SamplePage page) =>
        await page.Page.EvaluateAsync<string?>(
            """
            async ([name, store]) => {
              const db = await new Promise((resolve, reject) => {
                const r = indexedDB.open(name);
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              });
              try {
                const hashes = await new Promise((resolve, reject) => {
                  const r = db.transaction('$ovasabi').objectStore('$ovasabi').get('hashes');
                  r.onsuccess = () => resolve(r.result);
                  r.onerror = () => reject(r.error);
                });
                return hashes?.[store] ?? null;
              } finally {
                db.close();
              }
            }
            """,
            new object[] { await page.DatabaseAsync(), Computes });
}
