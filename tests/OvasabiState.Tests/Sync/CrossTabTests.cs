using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Stores;
using OvasabiState.Sync;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>Two tabs of one origin: fast-forward when one side changed, three-way merge when both did.</summary>
public sealed class CrossTabTests
{
    private static readonly ManualNoteRecord Start = new() { Id = "n1", Title = "t0", Body = "b0", Edits = 10, Score = 1, Labels = ["x"] };

    [Fact]
    public async Task A_flushed_write_fast_forwards_the_other_tab_that_has_the_record_loaded()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        ContentAssert.Same(Start, await b.Store<ManualNoteRecord>().FindAsync("n1"));

        var changes = new List<StateChange<ManualNoteRecord>>();
        b.Store<ManualNoteRecord>().Changed += (_, change) => changes.Add(change);
        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "t1" });
        await a.Store<ManualNoteRecord>().FlushAsync();

        await Eventually.TrueAsync(() => changes.Count == 1, "B hears A's write");
        Assert.Equal(StateChangeKind.Remote, changes[0].Kind);
        Assert.Equal("t1", changes[0].Value!.Title);
        Assert.Equal(["Title"], changes[0].ChangedMembers.Names(ManualNoteRecord.OvasabiStateBinding.Instance.MemberNames));
        Assert.Equal("t1", (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        Assert.Empty(a.Conflicts);
        Assert.Empty(b.Conflicts);
    }

    [Fact]
    public async Task Many_writes_before_one_flush_are_still_a_fast_forward_not_a_conflict()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        // More writes than a stamp keeps ancestors: the versions that never left memory must not push out the shared one.
        for (var i = 0; i < StateStamp.MaxAncestors * 3; i++)
        {
            await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Edits = n.Edits + 1 });
        }

        await a.Store<ManualNoteRecord>().FlushAsync();

        await Eventually.TrueAsync(async () => (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Edits == 34, "B takes A's copy");
        Assert.Empty(b.Conflicts);
        Assert.DoesNotContain(b.Changes, c => c.Kind == StateChangeKind.Merged);
        Assert.Contains(b.Changes, c => c.Kind == StateChangeKind.Remote);
    }

    [Fact]
    public async Task A_tab_without_the_record_loaded_loads_the_new_copy_when_told()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();

        await Eventually.TrueAsync(() => b.Changes.Any(c => c.Kind == StateChangeKind.Remote && c.Key == "n1"), "B loads A's new record");
        ContentAssert.Same(Start, await b.Store<ManualNoteRecord>().FindAsync("n1"));
    }

    [Fact]
    public async Task Both_tabs_changed_the_unflushed_side_merges_three_way_and_both_converge()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync(tabId: "tab-a");
        var b = await browser.OpenAsync(tabId: "tab-b");
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "A title", Edits = n.Edits + 2, Score = 5, Labels = [.. n.Labels, "a"] });
        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await b.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Body = "B body", Edits = n.Edits + 3, Score = 7, Labels = [.. n.Labels, "b"] });

        await a.Store<ManualNoteRecord>().FlushAsync(); // B hears with its own change unflushed
        await Eventually.TrueAsync(() => b.Conflicts.Count == 1, "B merges");
        await b.Store<ManualNoteRecord>().FlushAsync(); // A hears the merge: a fast-forward

        var expected = Start with { Title = "A title", Body = "B body", Edits = 15, Score = 7, Labels = ["x", "b", "a"] };
        await AssertConvergedAsync(expected, a, b);

        var conflict = Assert.Single(await b.Manager.GetConflictsAsync());
        Assert.True(conflict.ThreeWay);
        Assert.Equal(["Edits", "Score", "Labels"], conflict.Members);
        Assert.Equal(["Add", "Max", "Union"], conflict.DecidedBy);
        Assert.Equal(StateLayer.Memory, conflict.OursLayer);
        Assert.Equal(StateLayer.IndexedDb, conflict.TheirsLayer);
        Assert.Equal("tab-a", conflict.TheirsOrigin);
        ContentAssert.Same(conflict.MergedPayload, expected);
        Assert.Empty(a.Conflicts);
        Assert.Contains(a.Changes, c => c.Kind == StateChangeKind.Remote);
        Assert.Contains(b.Changes, c => c.Kind == StateChangeKind.Merged);
    }

    /// <summary>Every order in which two tabs can flush and hear each other.</summary>
    public static TheoryData<string> Orders => new()
    {
        "A flushes, B hears unflushed",
        "B flushes, A hears unflushed",
        "both flush, A hears first",
        "both flush, B hears first",
        "both flush B first, A hears first",
        "both flush B first, B hears first",
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Both_tabs_converge_on_the_same_merge_whatever_the_arrival_order(string order)
    {
        // A writes later, so A's side is the priority side of every both-sided member.
        var (a, b, stored, conflicts) = await RaceAsync(order, aDelay: TimeSpan.FromSeconds(2), bDelay: TimeSpan.FromSeconds(1));
        var expected = Start with { Title = "A title", Body = "B body", Edits = 15, Score = 7, Labels = ["x", "a", "b"] };
        ContentAssert.Same(expected, a);
        ContentAssert.Same(expected, b);
        ContentAssert.Same(expected, stored);

        var conflict = Assert.Single(conflicts);
        Assert.True(conflict.ThreeWay);
        Assert.Equal(["Edits", "Score", "Labels"], conflict.Members);
        Assert.Equal(["Add", "Max", "Union"], conflict.DecidedBy);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Equal_write_times_are_decided_by_the_larger_content_hash_in_every_order(string order)
    {
        var (a, b, stored, conflicts) = await RaceAsync(order, aDelay: TimeSpan.FromSeconds(1), bDelay: TimeSpan.FromSeconds(1), bothTitles: true);
        var (sideA, sideB) = Sides(Start, bothTitles: true);
        var aWins = Raw.HashOf(sideA) > Raw.HashOf(sideB);
        var expected = Start with
        {
            Title = aWins ? sideA.Title : sideB.Title,
            Body = "B body",
            Edits = 15,
            Score = 7,
            Labels = aWins ? ["x", "a", "b"] : ["x", "b", "a"],
        };
        ContentAssert.Same(expected, a);
        ContentAssert.Same(expected, b);
        ContentAssert.Same(expected, stored);
        var conflict = Assert.Single(conflicts);
        Assert.Equal(["Title", "Edits", "Score", "Labels"], conflict.Members);
        Assert.Equal(["LayerPriority", "Add", "Max", "Union"], conflict.DecidedBy);
    }

    [Fact]
    public async Task A_realtime_write_reaches_the_other_tab_when_its_flush_delay_elapses()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "fluid", Timestamp = 1 });
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(() => Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, a.UserId).Count == 1, "A's flush");
        Assert.Equal(1, (await b.Store<ComputeStateRecord>().FindAsync("c1"))!.Timestamp);

        await a.Store<ComputeStateRecord>().UpdateAsync("c1", c => c with { Timestamp = 2 });
        Assert.Equal(1, (await b.Store<ComputeStateRecord>().FindAsync("c1"))!.Timestamp);
        browser.Time.Advance(TestBrowser.RealtimeDelay);
        await Eventually.TrueAsync(async () => (await b.Store<ComputeStateRecord>().FindAsync("c1"))!.Timestamp == 2, "B hears A's realtime flush");
        Assert.Empty(b.Conflicts);
    }

    [Fact]
    public async Task A_tab_several_flushes_ahead_still_merges_three_way_with_the_common_version()
    {
        var browser = new TestBrowser();
        var tabA = new HeldMessagesTab(browser.Browser.OpenTab("tab-a"));
        var tabB = new HeldMessagesTab(browser.Browser.OpenTab("tab-b"));
        var a = await browser.OpenAsync(tabA);
        var b = await browser.OpenAsync(tabB);
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Manager.FlushAsync();
        tabB.DeliverAll();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        // A flushes three versions; B, not hearing them yet, changes and flushes its own.
        for (var i = 1; i <= 3; i++)
        {
            browser.Time.Advance(TimeSpan.FromSeconds(1));
            await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "A" + i, Edits = n.Edits + 1 });
            await a.Manager.FlushAsync();
        }

        browser.Time.Advance(TimeSpan.FromSeconds(1));
        await b.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Body = "B body", Edits = n.Edits + 5 });
        await b.Manager.FlushAsync();

        tabA.DeliverAll();
        tabB.DeliverAll();
        await SettleAsync(a, tabA, b, tabB);

        var expected = Start with { Title = "A3", Body = "B body", Edits = Start.Edits + 3 + 5 };
        await AssertConvergedAsync(expected, a, b);
        var conflict = Assert.Single(await a.Manager.GetConflictsAsync());
        Assert.True(conflict.ThreeWay);
        Assert.Equal(["Edits"], conflict.Members);
    }

    [Fact]
    public async Task After_a_merge_the_next_round_of_concurrent_changes_merges_three_way_again()
    {
        var browser = new TestBrowser();
        var tabA = new HeldMessagesTab(browser.Browser.OpenTab("tab-a"));
        var tabB = new HeldMessagesTab(browser.Browser.OpenTab("tab-b"));
        var a = await browser.OpenAsync(tabA);
        var b = await browser.OpenAsync(tabB);
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Manager.FlushAsync();
        tabB.DeliverAll();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        var expected = Start;
        for (var round = 1; round <= 3; round++)
        {
            browser.Time.Advance(TimeSpan.FromSeconds(1));
            await a.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Title = "A" + round, Edits = n.Edits + 1 });
            browser.Time.Advance(TimeSpan.FromSeconds(1));
            await b.Store<ManualNoteRecord>().UpdateAsync("n1", n => n with { Body = "B" + round, Edits = n.Edits + 10 });

            // Both flush before hearing each other, in alternating order.
            await (round % 2 == 0 ? a : b).Manager.FlushAsync();
            await (round % 2 == 0 ? b : a).Manager.FlushAsync();
            tabA.DeliverAll();
            tabB.DeliverAll();
            await SettleAsync(a, tabA, b, tabB);

            expected = expected with { Title = "A" + round, Body = "B" + round, Edits = expected.Edits + 11 };
            await AssertConvergedAsync(expected, a, b);
        }

        var conflicts = await a.Manager.GetConflictsAsync();
        Assert.Equal(3, conflicts.Count);
        Assert.All(conflicts, c => Assert.True(c.ThreeWay));
        Assert.All(conflicts, c => Assert.Equal(["Edits"], c.Members));
    }

    [Fact]
    public async Task A_delete_in_one_tab_removes_the_record_from_the_other_tabs_memory()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        await b.Store<ManualNoteRecord>().FindAsync("n1");

        Assert.True(await a.Store<ManualNoteRecord>().DeleteAsync("n1"));
        await a.Store<ManualNoteRecord>().FlushAsync();

        await Eventually.TrueAsync(() => b.Changes.Any(c => c.Kind == StateChangeKind.Deleted), "B hears the delete");
        Assert.Null(await b.Store<ManualNoteRecord>().FindAsync("n1"));
        Assert.Empty(Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, a.UserId));
    }

    private static (ManualNoteRecord A, ManualNoteRecord B) Sides(ManualNoteRecord start, bool bothTitles) =>
        (start with { Title = "A title", Edits = start.Edits + 2, Score = 5, Labels = [.. start.Labels, "a"] },
         start with { Title = bothTitles ? "B title" : start.Title, Body = "B body", Edits = start.Edits + 3, Score = 7, Labels = [.. start.Labels, "b"] });

    /// <summary>Both tabs change the same record from a common version, then flush and hear each other in <paramref name="order"/>.</summary>
    private static async Task<(ManualNoteRecord A, ManualNoteRecord B, ManualNoteRecord Stored, IReadOnlyList<ConflictRecord> Conflicts)> RaceAsync(string order, TimeSpan aDelay, TimeSpan bDelay, bool bothTitles = false)
    {
        var browser = new TestBrowser();
        var tabA = new HeldMessagesTab(browser.Browser.OpenTab("tab-a"));
        var tabB = new HeldMessagesTab(browser.Browser.OpenTab("tab-b"));
        var a = await browser.OpenAsync(tabA);
        var b = await browser.OpenAsync(tabB);
        await a.Store<ManualNoteRecord>().SetAsync(Start);
        await a.Store<ManualNoteRecord>().FlushAsync();
        tabB.DeliverAll();
        ContentAssert.Same(Start, await b.Store<ManualNoteRecord>().FindAsync("n1"));

        // Each side writes at its own time (equal delays give equal timestamps).
        var (sideA, sideB) = Sides(Start, bothTitles);
        var first = aDelay <= bDelay;
        browser.Time.Advance(first ? aDelay : bDelay);
        await (first ? a : b).Store<ManualNoteRecord>().SetAsync(first ? sideA : sideB);
        browser.Time.Advance((first ? bDelay : aDelay) - (first ? aDelay : bDelay));
        await (first ? b : a).Store<ManualNoteRecord>().SetAsync(first ? sideB : sideA);

        async Task Flush(TabSession tab) => await tab.Manager.FlushAsync();
        switch (order)
        {
            case "A flushes, B hears unflushed":
                await Flush(a);
                tabB.DeliverAll();
                break;
            case "B flushes, A hears unflushed":
                await Flush(b);
                tabA.DeliverAll();
                break;
            case "both flush, A hears first":
                await Flush(a);
                await Flush(b);
                tabA.DeliverAll();
                tabB.DeliverAll();
                break;
            case "both flush, B hears first":
                await Flush(a);
                await Flush(b);
                tabB.DeliverAll();
                tabA.DeliverAll();
                break;
            case "both flush B first, A hears first":
                await Flush(b);
                await Flush(a);
                tabA.DeliverAll();
                tabB.DeliverAll();
                break;
            case "both flush B first, B hears first":
                await Flush(b);
                await Flush(a);
                tabB.DeliverAll();
                tabA.DeliverAll();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(order));
        }

        await SettleAsync(a, tabA, b, tabB);

        var conflicts = (await a.Manager.GetConflictsAsync()).Concat(await b.Manager.GetConflictsAsync())
            .GroupBy(c => c.Id).Select(g => g.First()).ToList();
        return (
            (await a.Store<ManualNoteRecord>().FindAsync("n1"))!,
            (await b.Store<ManualNoteRecord>().FindAsync("n1"))!,
            Raw.ValueIn<ManualNoteRecord>(StateLayer.IndexedDb, tabA.Inner, a.UserId, "n1")!,
            conflicts);
    }

    /// <summary>Flushes both tabs and delivers their messages until neither has anything more to say.</summary>
    private static async Task SettleAsync(TabSession a, HeldMessagesTab tabA, TabSession b, HeldMessagesTab tabB)
    {
        for (var round = 0; ; round++)
        {
            Assert.True(round < 10, "the tabs did not settle");
            await a.Manager.FlushAsync();
            await b.Manager.FlushAsync();
            if (tabA.DeliverAll() + tabB.DeliverAll() == 0)
            {
                return;
            }
        }
    }

    private static async Task AssertConvergedAsync(ManualNoteRecord expected, TabSession a, TabSession b)
    {
        ContentAssert.Same(expected, await a.Store<ManualNoteRecord>().FindAsync("n1"));
        ContentAssert.Same(expected, await b.Store<ManualNoteRecord>().FindAsync("n1"));
        ContentAssert.Same(expected, Raw.ValueIn<ManualNoteRecord>(StateLayer.IndexedDb, a.Tab, a.UserId, "n1"));
        ContentAssert.Same(expected, Raw.ValueIn<ManualNoteRecord>(StateLayer.Local, a.Tab, a.UserId, "n1"));
    }
}
