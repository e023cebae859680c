using System.Threading.Tasks;
using OvasabiState.Stores;
using OvasabiState.Tests.Records;
using OvasabiState.Tests.Stores;
using OvasabiState.Versions;
using Xunit;

namespace OvasabiState.Tests.Versions;

/// <summary>
/// Version order is what decides conflicts: a write over any copy a tab has read is a later
/// version than that copy, however far behind the tab's own clock is, and an erased member sorts
/// right after the write it erased.
/// </summary>
public sealed class VersionOrderTests
{
    private static readonly CampaignStateRecord Campaign = new(7, "spring", CampaignStatus.Running);

    [Fact]
    public async Task A_record_written_again_over_a_tombstone_read_from_storage_is_a_later_version_than_the_delete()
    {
        var browser = new TestBrowser();
        var deleter = await browser.OpenAsync(tabId: "tab-deleter");
        var deleterStore = (StateStore<CampaignStateRecord>)deleter.Store<CampaignStateRecord>();
        for (var i = 0; i < 20; i++)
        {
            await deleterStore.SetAsync(Campaign with { Name = $"edit {i}" }); // this tab's clock runs 20 ahead within the millisecond
            await deleterStore.FlushAsync();
        }

        await deleterStore.DeleteAsync(7L);
        await deleterStore.FlushAsync();
        var tombstone = deleterStore.VersionOf(7L)!.Value;

        var writer = await browser.OpenAsync(tabId: "tab-writer");
        var writerStore = (StateStore<CampaignStateRecord>)writer.Store<CampaignStateRecord>();
        Assert.Null(await writerStore.FindAsync(7L)); // reads the tombstone
        await writerStore.SetAsync(Campaign);

        Assert.True(writerStore.VersionOf(7L) > tombstone, $"the write {writerStore.VersionOf(7L)} must be later than the delete {tombstone}");
    }

    [Fact]
    public void An_erasure_sorts_right_after_the_write_it_erased_and_before_every_later_write()
    {
        var writer = HybridClock.WriterId("tab-a");
        var other = HybridClock.WriterId("tab-b");
        var erased = new StateVersion(100 << 16, writer);

        Assert.Equal(0UL, writer & 1); // writer ids are even
        Assert.True(erased.Erasure > erased);
        Assert.True(erased.Erasure.IsErasure);
        Assert.False(erased.IsErasure);
        Assert.True(new StateVersion((100 << 16) + 1, 0) > erased.Erasure); // the next tick, any writer
        Assert.True(new StateVersion(100 << 16, writer + 2) > erased.Erasure); // the same tick, the next writer id
        Assert.True(new StateVersion(100 << 16, other) > erased.Erasure == other > writer);
        Assert.Equal(StateVersion.None, StateVersion.None.Erasure); // never written stays never written
    }
}
