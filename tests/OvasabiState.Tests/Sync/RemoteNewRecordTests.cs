using System.Collections.Generic;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>A record another tab creates reaches this tab's store (and its change event) without this tab reading it first.</summary>
public sealed class RemoteNewRecordTests
{
    [Fact]
    public async Task A_record_created_in_another_tab_is_loaded_and_announced()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        var changes = new List<StateChange<ManualNoteRecord>>();
        b.Store<ManualNoteRecord>().Changed += (_, change) => changes.Add(change);

        await a.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "fresh", Title = "from A" });
        await a.Store<ManualNoteRecord>().FlushAsync();

        await Eventually.TrueAsync(() => changes.Count == 1, "B hears of A's new record");
        Assert.Equal(StateChangeKind.Remote, changes[0].Kind);
        Assert.Equal("from A", changes[0].Value!.Title);
        Assert.Single(await b.Store<ManualNoteRecord>().ListAsync());
    }

    [Fact]
    public async Task A_record_deleted_in_another_tab_and_never_loaded_here_stays_absent()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "gone", Title = "x" });
        await a.Store<ManualNoteRecord>().FlushAsync();
        await Eventually.TrueAsync(async () => await b.Store<ManualNoteRecord>().FindAsync("gone") is not null, "B loads it");

        await a.Store<ManualNoteRecord>().DeleteAsync("gone");
        await a.Store<ManualNoteRecord>().FlushAsync();

        await Eventually.TrueAsync(async () => await b.Store<ManualNoteRecord>().FindAsync("gone") is null, "B drops it");
    }
}
