using System;
using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Identity;
using OvasabiState.Storage;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>Each anonymous user profile sees only its own state; raw keys and databases are namespaced.</summary>
public sealed class UserIsolationTests
{
    [Fact]
    public async Task Switching_user_shows_empty_stores_and_switching_back_shows_the_original_data()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        var original = session.UserId;
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "mine" });
        await session.Store<UserPreferencesRecord>().SetAsync(new UserPreferencesRecord { Theme = Theme.Dark });
        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "unflushed" }); // flushed by the switch

        await session.Manager.SwitchUserAsync("alice");
        var alice = session.UserId;
        Assert.NotEqual(original, alice);
        Assert.Equal(alice, (await session.Manager.GetSyncStatusAsync()).UserId);
        Assert.Null(await session.Store<ComputeStateRecord>().FindAsync("c1"));
        Assert.Empty(await session.Store<ComputeStateRecord>().ListAsync());
        Assert.Empty(await session.Store<ComputeStateRecord>().QueryAsync("Type", KeyRange.Only("mine")));
        Assert.Equal(Theme.System, (await session.Store<UserPreferencesRecord>().GetAsync()).Theme);
        Assert.Null(await session.Store<ManualNoteRecord>().FindAsync("n1"));

        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "alice's" });
        await session.Manager.FlushAsync();

        // Raw: one database and one key prefix per user.
        Assert.Equal(new[] { Raw.Database(original), Raw.Database(alice) }.Order(), browser.Browser.Databases);
        Assert.Equal("mine", Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, original).Single().Type);
        Assert.Equal("alice's", Raw.IndexedDbValues<ComputeStateRecord>(browser.Browser, alice).Single().Type);
        Assert.Equal("unflushed", Raw.IndexedDbValues<ManualNoteRecord>(browser.Browser, original).Single().Title);
        Assert.Single(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, original));
        Assert.Single(Raw.LocalKeys<ComputeStateRecord>(browser.Browser, alice));
        Assert.All(browser.Browser.LocalStorage.Keys.Where(k => k.StartsWith("ovs:", StringComparison.Ordinal)),
            k => Assert.True(k.StartsWith($"ovs:{original}:", StringComparison.Ordinal) || k.StartsWith($"ovs:{alice}:", StringComparison.Ordinal)));

        await session.Manager.SwitchUserAsync(UserIdentity.DefaultProfile);
        Assert.Equal(original, session.UserId);
        Assert.Equal("mine", (await session.Store<ComputeStateRecord>().FindAsync("c1"))!.Type);
        Assert.Equal(Theme.Dark, (await session.Store<UserPreferencesRecord>().GetAsync()).Theme);
        Assert.Equal("unflushed", (await session.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
    }

    [Fact]
    public async Task A_switch_made_on_the_identity_directly_also_reopens_the_stores()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ComputeStateRecord>().SetAsync(new ComputeStateRecord { Id = "c1", Type = "mine" });
        await session.Store<ComputeStateRecord>().FlushAsync();

        await session.Manager.Identity.SwitchUserAsync("bob");
        await Eventually.TrueAsync(async () => (await session.Manager.GetSyncStatusAsync()).UserId == session.UserId && await session.Store<ComputeStateRecord>().FindAsync("c1") is null, "the stores reopen for bob");
    }

    [Fact]
    public async Task Another_users_cross_tab_messages_are_ignored()
    {
        var browser = new TestBrowser();
        var a = await browser.OpenAsync();
        var b = await browser.OpenAsync();
        await b.Manager.SwitchUserAsync("alice");
        await b.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "alice" });
        await b.Store<ManualNoteRecord>().FlushAsync();

        await a.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "default user" });
        await a.Store<ManualNoteRecord>().FlushAsync();

        Assert.Equal("alice", (await b.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        Assert.Empty(b.Conflicts);
        Assert.DoesNotContain(b.Changes, c => c.Kind is OvasabiState.Stores.StateChangeKind.Remote or OvasabiState.Stores.StateChangeKind.Merged);
    }
}
