using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Browser;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>A flush announces everything it wrote in one message, and the tab hearing it reads the records back in one batch.</summary>
public sealed class CrossTabBatchTests
{
    [Fact]
    public async Task A_flush_of_many_records_sends_one_message_with_every_key_and_version()
    {
        var browser = new TestBrowser();
        var tabA = new HeldMessagesTab(browser.Browser.OpenTab("tab-a"));
        var tabB = new HeldMessagesTab(browser.Browser.OpenTab("tab-b"));
        var a = await browser.OpenAsync(tabA);
        await browser.OpenAsync(tabB);
        var notes = Enumerable.Range(0, 20).Select(i => new ManualNoteRecord { Id = $"n{i:00}", Title = "t" + i }).ToList();
        await a.Store<ManualNoteRecord>().SetManyAsync(notes);
        await a.Store<ManualNoteRecord>().DeleteAsync("n03");
        await a.Store<ManualNoteRecord>().FlushAsync();

        Assert.Equal(1, tabB.HeldCount);
        CrossTabMessage? heard = null;
        tabB.MessageReceived += (_, message) => heard = message;
        tabB.DeliverAll();
        Assert.NotNull(heard);
        Assert.Equal(a.UserId + "/manual_notes", heard.Store);
        Assert.Equal("tab-a", heard.Origin);
        // n03 never left memory before its delete: nothing to announce. Every other record with the version stored.
        var expected = notes.Where(n => n.Id != "n03")
            .Select(n => (((IndexKey)n.Id).ToString(), Raw.Read<ManualNoteRecord>(StateLayer.IndexedDb, tabA.Inner, a.UserId, n.Id)!.Stamp.Version.Token));
        Assert.Equal(expected.Order(), heard.Changes.Select(c => (c.Key, c.Version)).Order());
        Assert.Equal(heard.Changes[0].Key, heard.Key);
        Assert.Equal(heard.Changes[0].Version, heard.Version);
    }

    [Fact]
    public async Task The_other_tab_loads_every_announced_record_with_one_read_per_layer()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync(tabId: "tab-a");
        var b = await browser.OpenAsync(tabId: "tab-b");
        var notes = Enumerable.Range(0, 20).Select(i => new ManualNoteRecord { Id = $"n{i:00}", Title = "t" + i }).ToList();
        await a.Store<ManualNoteRecord>().SetManyAsync(notes);

        // The flush itself reads nothing: every read counted is B's.
        var (indexedDb, webStorage) = (browser.Browser.IndexedDbReads, browser.Browser.WebStorageReads);
        await a.Store<ManualNoteRecord>().FlushAsync();
        await Eventually.TrueAsync(() => b.Changes.Count(c => c.Kind == StateChangeKind.Remote) == 20, "B loads A's twenty records");
        Assert.Equal(1, browser.Browser.IndexedDbReads - indexedDb);
        Assert.Equal(2, browser.Browser.WebStorageReads - webStorage);
        foreach (var note in notes)
        {
            ContentAssert.Same(note, await b.Store<ManualNoteRecord>().FindAsync(note.Id));
        }

        Assert.Empty(b.Conflicts);
        Assert.Empty(b.Errors);
    }

    [Fact]
    public void The_wire_form_of_a_many_change_message_round_trips_and_mismatched_arrays_are_ignored()
    {
        var message = new CrossTabMessage("u/s", "tab-x", [new CrossTabChange("s:a", "1.2"), new CrossTabChange("s:b", "7fffffffffffffff.ffffffffffffffff")]);
        var (keys, versions) = BrowserJson.Changes(message);
        Assert.Equal(["s:a", "s:b"], keys);
        Assert.Equal(["1.2", "7fffffffffffffff.ffffffffffffffff"], versions);

        var read = BrowserJson.ReadChanges("u/s", "tab-x", keys, versions);
        Assert.NotNull(read);
        Assert.Equal(message.Changes, read.Changes);
        Assert.Null(BrowserJson.ReadChanges("u/s", "tab-x", keys, ["1.2"]));
        Assert.Null(BrowserJson.ReadChanges("u/s", "tab-x", ["s:a"], ["12"]));
        Assert.Null(BrowserJson.ReadChanges("u/s", "tab-x", ["s:a"], ["x.y"]));
        Assert.Null(BrowserJson.ReadChanges("u/s", "tab-x", [], []));
        Assert.Throws<System.ArgumentException>(() => new CrossTabMessage("u/s", "tab-x", []));
    }
}
