using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// Issue 12's lost writes in real tabs of one Chromium profile: a tab that closes after its edit,
/// a revert, and a delete racing an edit. Campaigns are periodic, so an edit stays pending until
/// the tab flushes; a tab can hold back what other tabs broadcast (<see cref="HoldMessagesScript"/>),
/// so that it flushes before it has heard of another tab's write, as a busy or frozen tab does.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed class LostWriteTests(SampleAppFixture app, ITestOutputHelper output)
{
    /// <summary>
    /// Wraps the page's BroadcastChannel "ovasabi-state" so that its messages queue while
    /// <c>__ovsHold</c> is true (<c>__ovsHeldCount()</c> counts them) and are delivered, in order,
    /// by <c>__ovsRelease()</c>.
    /// </summary>
    private const string HoldMessagesScript =
        """
        (() => {
          const Native = window.BroadcastChannel;
          if (!Native) return;
          const held = [];
          window.__ovsHold = false;
          window.__ovsHeldCount = () => held.length;
          window.__ovsRelease = () => { window.__ovsHold = false; for (const deliver of held.splice(0)) deliver(); };
          window.BroadcastChannel = class extends Native {
            set onmessage(handler) {
              super.onmessage = handler && ((event) => {
                if (window.__ovsHold && this.name === 'ovasabi-state') held.push(() => handler.call(this, event));
                else handler.call(this, event);
              });
            }
            get onmessage() { return super.onmessage; }
          };
        })();
        """;

    [Fact]
    public async Task A_tab_that_closes_after_its_edit_keeps_it_though_another_tab_flushed_before_hearing_of_it()
    {
        await using var context = await app.Browser.NewContextAsync();
        await context.AddInitScriptAsync(HoldMessagesScript);
        var a = await app.OpenAsync(context, output);
        var b = await app.OpenAsync(context, output);
        await a.SetCampaignNameAsync(71, "t0");
        await a.SetCampaignNotesAsync(71, "b0");
        await a.FlushCampaignsAsync();
        Assert.Equal("71|t0|b0", await b.LoadCampaignAsync(71));

        // A changes the name and flushes; B, not having heard, changes the notes and flushes; A closes.
        await HoldAsync(b);
        await a.SetCampaignNameAsync(71, "title from A");
        await a.FlushCampaignsAsync();
        await a.Page.CloseAsync(); // gone before B writes: nothing of A can repair what B does
        await Task.Delay(500); // what A broadcast would have arrived by now
        Assert.Equal("71|t0|b0", await b.LoadCampaignAsync(71)); // B has not heard
        Assert.True(await HeldAsync(b) > 0);
        await b.SetCampaignNotesAsync(71, "body from B");
        await b.FlushCampaignsAsync();
        await ReleaseAsync(b);

        var fresh = await app.OpenAsync(context, output);
        Assert.Equal("71|title from A|body from B", await fresh.LoadCampaignAsync(71));
        await SamplePage.EventuallyAsync(() => b.LoadCampaignAsync(71), v => v == "71|title from A|body from B", "B's copy of 71");
        await Expect(fresh.Page.Locator("#conflict-count")).ToHaveTextAsync("0"); // different members: a merge, not a conflict
    }

    [Fact]
    public async Task A_revert_to_an_earlier_value_is_a_new_write_and_survives_another_tabs_later_edit()
    {
        await using var context = await app.Browser.NewContextAsync();
        var a = await app.OpenAsync(context, output);
        var b = await app.OpenAsync(context, output);
        await a.SetCampaignNameAsync(72, "original");
        await a.SetCampaignNotesAsync(72, "b0");
        await a.FlushCampaignsAsync();
        await a.SetCampaignNameAsync(72, "x");
        await a.FlushCampaignsAsync();
        await SamplePage.EventuallyAsync(() => b.LoadCampaignAsync(72), v => v == "72|x|b0", "B takes A's x");

        // B sets the name back (pending); A edits the notes and flushes; B hears of it, then flushes.
        await b.SetCampaignNameAsync(72, "original");
        await a.SetCampaignNotesAsync(72, "notes from A");
        await a.FlushCampaignsAsync();
        await SamplePage.EventuallyAsync(() => b.LoadCampaignAsync(72), v => v == "72|original|notes from A", "B merges A's notes under its revert");
        await b.FlushCampaignsAsync();

        var fresh = await app.OpenAsync(context, output);
        Assert.Equal("72|original|notes from A", await fresh.LoadCampaignAsync(72));
        await SamplePage.EventuallyAsync(() => a.LoadCampaignAsync(72), v => v == "72|original|notes from A", "A takes B's revert");
    }

    [Fact]
    public async Task A_delete_racing_an_edit_it_never_saw_keeps_the_edit_and_logs_the_conflict_in_both_orders_of_flushes()
    {
        await using var context = await app.Browser.NewContextAsync();
        await context.AddInitScriptAsync(HoldMessagesScript);
        var a = await app.OpenAsync(context, output);
        var b = await app.OpenAsync(context, output);
        foreach (var (id, deleteFirst) in new[] { (73L, true), (74L, false) })
        {
            await a.SetCampaignNameAsync(id, "n0");
            await a.SetCampaignNotesAsync(id, "b0");
            await a.FlushCampaignsAsync();
            Assert.Equal($"{id}|n0|b0", await b.LoadCampaignAsync(id));

            // Neither tab hears of the other before it flushes: A deletes, B edits the notes.
            await HoldAsync(a);
            await HoldAsync(b);
            await a.DeleteCampaignAsync(id);
            await b.SetCampaignNotesAsync(id, "edit from B");
            if (deleteFirst)
            {
                await a.FlushCampaignsAsync();
                await b.FlushCampaignsAsync();
            }
            else
            {
                await b.FlushCampaignsAsync();
                await a.FlushCampaignsAsync();
            }

            Assert.True(await HeldAsync(a) > 0 && await HeldAsync(b) > 0); // each flushed before hearing of the other
            await ReleaseAsync(a);
            await ReleaseAsync(b);

            // The edit was later than the notes the delete erased: it stays; the name the delete saw is gone.
            var fresh = await app.OpenAsync(context, output);
            Assert.Equal($"{id}||edit from B", await fresh.LoadCampaignAsync(id));
            await SamplePage.EventuallyAsync(() => a.LoadCampaignAsync(id), v => v == $"{id}||edit from B", $"A's copy of {id}");
            await SamplePage.EventuallyAsync(() => b.LoadCampaignAsync(id), v => v == $"{id}||edit from B", $"B's copy of {id}");
            await fresh.RefreshStatusAsync();
            await Expect(fresh.Page.Locator("#conflict-log li", new() { HasTextString = $"campaign_states n:{id} " })).ToContainTextAsync("EditOverDelete");
            await fresh.Page.CloseAsync();
        }
    }

    private static async Task HoldAsync(SamplePage page) => await page.Page.EvaluateAsync("() => { window.__ovsHold = true; }");

    /// <summary>How many messages the tab holds back now.</summary>
    private static Task<int> HeldAsync(SamplePage page) => page.Page.EvaluateAsync<int>("() => window.__ovsHeldCount()");

    private static async Task ReleaseAsync(SamplePage page) => await page.Page.EvaluateAsync("() => window.__ovsRelease()");
}
