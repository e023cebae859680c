using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// A bulk write through the app (one SetManyAsync of 2,500 compute states, one flush): above
/// 1,000 records the IndexedDB batch is committed into the store's journal and spread into the
/// store afterwards. The records must all be in IndexedDB after a reload, even when the reload
/// cuts the spread short.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class BulkWriteTests(SampleAppFixture app, ITestOutputHelper output)
{
    private const string Computes = "compute_states";

    [Fact]
    public async Task A_bulk_write_of_2500_records_is_all_in_IndexedDB_after_a_reload_with_its_indexes()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        await page.SaveBulkAsync(2_500);

        // Only IndexedDB may answer after the reload: the localStorage copies go.
        var removed = await page.Page.EvaluateAsync<int>("""
            () => {
              const keys = Object.keys(localStorage).filter((k) => k.includes(':compute_states:'));
              keys.forEach((k) => localStorage.removeItem(k));
              return keys.length;
            }
            """);
        Assert.Equal(2_500, removed);

        // Reloaded at once: the first page's spread may still be running, and is cut short.
        await page.ReloadAsync();
        var ids = (await page.QueryAsync("bulk", 1_000, 1_009)).Split(',');
        Assert.Equal(Enumerable.Range(1_000, 10).Select(i => $"bulk-{i:D5}"), ids);
        Assert.Equal("bulk-02499|bulk|2499|1", await page.LoadComputeAsync("bulk-02499"));

        // In the store itself, one object per record, with its index values, and the journal empty.
        Assert.Equal(2_500, (await page.IndexedDbIndexKeysAsync(Computes, "type_time", "IDBKeyRange.bound(['bulk', 0], ['bulk', 2499])")).Split(',').Length);
        Assert.Equal(0, await page.JournalEntriesAsync(Computes));
        await Expect(page.Page.Locator("#conflict-count")).ToHaveTextAsync("0");
    }
}
