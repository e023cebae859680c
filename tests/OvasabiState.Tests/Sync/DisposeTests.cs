using System.Threading.Tasks;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using Xunit;

namespace OvasabiState.Tests.Sync;

/// <summary>Shutting the manager down: DisposeAsync flushes what is pending; a DI container's synchronous Dispose works.</summary>
public sealed class DisposeTests
{
    [Fact]
    public async Task DisposeAsync_flushes_pending_manual_writes()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        await session.Store<ManualNoteRecord>().SetAsync(new ManualNoteRecord { Id = "n1", Title = "kept" });
        Assert.Empty(browser.Browser.Records(Raw.Database(session.UserId), "manual_notes"));

        await session.Manager.DisposeAsync();

        Assert.Single(browser.Browser.Records(Raw.Database(session.UserId), "manual_notes"));
        var reload = await browser.OpenAsync();
        Assert.Equal("kept", (await reload.Store<ManualNoteRecord>().FindAsync("n1"))!.Title);
    }

    [Fact]
    public async Task Synchronous_dispose_releases_without_throwing()
    {
        var browser = new TestBrowser();
        var session = await browser.OpenAsync();
        session.Manager.Dispose();
        session.Manager.Dispose();
    }
}
