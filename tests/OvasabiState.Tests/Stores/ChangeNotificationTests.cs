using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using Xunit;

namespace OvasabiState.Tests.Stores;

/// <summary>The Changed event, the manager's untyped StateChanged, and WatchAsync.</summary>
public sealed class ChangeNotificationTests
{
    [Fact]
    public async Task Changed_reports_writes_updates_and_deletes_with_the_changed_members()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        var changes = new List<StateChange<ManualNoteRecord>>();
        store.Changed += (_, change) => changes.Add(change);

        await store.SetAsync(new ManualNoteRecord { Id = "n1", Title = "a" });
        await store.UpdateAsync("n1", n => n with { Body = "b" });
        await store.SetAsync(new ManualNoteRecord { Id = "n1", Title = "a", Body = "b" }); // same content: no event
        await store.DeleteAsync("n1");
        await store.DeleteAsync("n1"); // already gone: no event

        Assert.Equal([StateChangeKind.Written, StateChangeKind.Written, StateChangeKind.Deleted], changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal((IndexKey)"n1", c.Key));
        Assert.Equal(store.Binding.MemberCount, changes[0].ChangedMembers.Count);
        Assert.Equal(["Body"], changes[1].ChangedMembers.Names(store.Binding.MemberNames));
        Assert.Equal("b", changes[1].Value!.Body);
        Assert.Null(changes[2].Value);

        Assert.Equal(
            [("manual_notes", StateChangeKind.Written), ("manual_notes", StateChangeKind.Written), ("manual_notes", StateChangeKind.Deleted)],
            session.Changes.Select(c => (c.Store, c.Kind)));
    }

    [Fact]
    public async Task WatchAsync_yields_changes_in_order_until_cancelled()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var store = session.Store<ManualNoteRecord>();
        using var cancel = new CancellationTokenSource();
        var seen = new List<StateChange<ManualNoteRecord>>();

        var enumerator = store.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = enumerator.MoveNextAsync(); // subscribes
        await store.SetAsync(new ManualNoteRecord { Id = "n1" });
        await store.SetAsync(new ManualNoteRecord { Id = "n2" });
        await store.DeleteAsync("n1");

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await next);
            seen.Add(enumerator.Current);
            next = enumerator.MoveNextAsync();
        }

        Assert.Equal([("n1", StateChangeKind.Written), ("n2", StateChangeKind.Written), ("n1", StateChangeKind.Deleted)],
            seen.Select(c => (c.Key.ToString()[2..], c.Kind)));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        await enumerator.DisposeAsync();

        // Unsubscribed: later writes go nowhere and nothing throws.
        await store.SetAsync(new ManualNoteRecord { Id = "n3" });
    }

    [Fact]
    public async Task Changes_from_another_tab_reach_a_watcher()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "v1" });
        await a.Store<ManualNoteRecord>().FlushAsync();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var enumerator = b.Store<ManualNoteRecord>().WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = enumerator.MoveNextAsync();
        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "v2" });
        await a.Store<ManualNoteRecord>().FlushAsync();

        Assert.True(await next);
        Assert.Equal((StateChangeKind.Remote, "v2"), (enumerator.Current.Kind, enumerator.Current.Value!.Title));
        await enumerator.DisposeAsync();
    }
}
