using System.Linq;
using System.Threading.Tasks;
using OvasabiState.Storage;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>
/// Key text from outside the app, shaped to exhaust the parser's stack: 200,000 nested brackets.
/// Before the parser had a depth bound, either one stopped the process with a
/// <c>StackOverflowException</c> (in the browser at every start; on Blazor Server for every user).
/// </summary>
public sealed class PlantedKeyTests
{
    private static readonly string Brackets = new('[', 200_000);

    [Fact]
    public async Task A_localStorage_key_of_nested_brackets_under_the_stores_prefix_is_skipped_and_the_app_starts()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        Raw.PlantLocal<ManualNoteRecord>(browser.Browser, user, Raw.Entry(new ManualNoteRecord { Id = "n1", Title = "kept" }));
        // A well-formed entry under the bad key: only the key is wrong, so only the key parser can refuse it.
        var wellFormed = Raw.Entry(new ManualNoteRecord { Id = "n2", Title = "planted" });
        browser.Browser.LocalStorage[$"ovs:{user}:manual_notes:{Brackets}"] = VersionedText.Encode(wellFormed.Stamp.Version.Token, wellFormed.Encode());
        browser.Browser.IndexedDbUnavailable = true; // the list comes from localStorage's keys

        var session = await browser.OpenAsync();

        var listed = await session.Store<ManualNoteRecord>().ListAsync();
        Assert.Equal(["kept"], listed.Select(n => n.Title));
        Assert.Equal("kept", (await session.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
    }

    [Fact]
    public async Task A_cross_tab_message_with_a_key_of_nested_brackets_is_ignored_and_the_tab_keeps_working()
    {
        var browser = new TestBrowser();
        var user = await browser.UserIdAsync();
        var sender = await browser.OpenAsync();
        var receiver = await browser.OpenAsync();
        await receiver.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "mine" });

        await sender.Storage.BroadcastAsync(new CrossTabMessage($"{user}/manual_notes", "tab-x", [new CrossTabChange(Brackets, "1.2")]));
        await sender.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n2", Title = "after" });
        await sender.Store<ManualNoteRecord>().FlushAsync();

        // The message after the planted one still arrives and is taken in.
        await Eventually.TrueAsync(async () => await receiver.Store<ManualNoteRecord>().FindAsync("n2") is { Title: "after" }, "the next message");
        Assert.Equal("mine", (await receiver.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
        Assert.Empty(receiver.Errors);
    }
}
