using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// What tabs share: compare-and-set writes of Web Storage items under a Web Lock
/// (ovasabi-webstorage.js), and which tabs are alive (ovasabi-tabs.js).
/// </summary>
public sealed partial class ModuleTests
{
    [Fact]
    public async Task Web_storage_compare_and_set_reports_conflicts_with_the_stored_text_and_refusals_by_item()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        var result = await RunAsync(page.Page, """
            const mut = async (area, ...items) => await m.mutateItems(area, 'ovs-test:items', JSON.stringify({ m: items }));
            const steps = [];
            steps.push(await mut(1, { k: 'i:a', v: 'ovs2:t1:AQ==', e: null }));                 // nothing stored, nothing expected
            steps.push(await mut(1, { k: 'i:a', v: 'ovs2:t2:Ag==', e: 't1' }));                 // the token between "ovs2:" and ':'
            steps.push(await mut(1, { k: 'i:a', v: 'ovs2:t3:Aw==', e: 't1' }, { k: 'i:b', v: 'ovs2:b1:AQ==', e: 'b0' }, { k: 'i:c', v: 'ovs2:c1:AQ==', e: null }));
            localStorage.setItem('i:plain', 'AQID');                                              // a first-wave item: token ""
            localStorage.setItem('i:odd', 'ovs2:no-second-colon');                                // versioned but unreadable: token ""
            steps.push(await mut(1, { k: 'i:plain', v: 'ovs2:p1:AQ==', e: null }, { k: 'i:odd', v: null, e: '' }));
            steps.push(await mut(1, { k: 'i:plain', v: 'ovs2:p1:AQ==', e: '' }, { k: 'i:a', v: null, e: 't2' }, { k: 'i:c', v: 'blind', e: '*' }));
            steps.push([localStorage.getItem('i:a'), localStorage.getItem('i:odd'), localStorage.getItem('i:plain'), localStorage.getItem('i:c')].join(','));
            steps.push(await mut(0, { k: 's:a', v: 'ovs2:s1:AQ==', e: null }));                 // sessionStorage: no lock, same rules
            steps.push(await mut(0, { k: 's:a', v: 'ovs2:s2:AQ==', e: null }));
            // A full area: the item that does not fit is refused; the others are still written.
            let chunk = 'x'.repeat(1 << 20), i = 0;
            while (chunk.length > 0) {
              try { localStorage.setItem('fill-' + i, chunk); i++; } catch { chunk = chunk.slice(0, chunk.length >> 1); }
            }
            const full = JSON.parse(await mut(1, { k: 'i:big', v: 'y'.repeat(100000), e: null }, { k: 'i:plain', v: null, e: 'p1' }));
            steps.push(JSON.stringify(full.c) + ' ' + full.r.map((r) => `${r.k}:${r.n}:${r.m.length > 0}`).join() + ' ' + localStorage.getItem('i:plain') + ' ' + localStorage.getItem('i:big'));
            return steps.join('\n');
            """);
        Assert.Equal(
            string.Join('\n',
                """{"c":[],"r":[]}""",
                """{"c":[],"r":[]}""",
                """{"c":[{"k":"i:a","s":"ovs2:t2:Ag=="},{"k":"i:b","s":null}],"r":[]}""",
                """{"c":[{"k":"i:plain","s":"AQID"}],"r":[]}""",
                """{"c":[],"r":[]}""",
                ",,ovs2:p1:AQ==,blind",
                """{"c":[],"r":[]}""",
                """{"c":[{"k":"s:a","s":"ovs2:s1:AQ=="}],"r":[]}""",
                "[] i:big:QuotaExceededError:true null null"),
            result);
    }

    [Fact]
    public async Task Two_tabs_racing_compare_and_set_on_one_localStorage_item_never_lose_an_update()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        // Each tab, 50 times: read the item, then write the count it read plus one, expecting the
        // token it read (mostly), a made-up one or none; under the lock, the check and the write of
        // one tab never interleave with the other's, so the final count is every applied write.
        const string Race = """
            const me = Math.random().toString(36).slice(2, 8);
            const parse = (text) => {
              if (text === null) return { token: null, n: 0 };
              const colon = text.indexOf(':', 5);
              return { token: text.slice(5, colon), n: Number(text.slice(colon + 1)) };
            };
            let applied = 0, conflicts = 0;
            for (let i = 0; i < 50; i++) {
              const seen = parse(localStorage.getItem('race'));
              const roll = Math.random();
              const expected = roll < 0.7 ? seen.token : roll < 0.85 ? 'made-up' : null;
              const answer = JSON.parse(await m.mutateItems(1, 'ovs-test:race', JSON.stringify({ m: [{ k: 'race', v: `ovs2:${me}-${i}:${seen.n + 1}`, e: expected }] })));
              if (answer.c.length === 0) applied++; else conflicts++;
              // A few tasks' pause (a message, not a timer: a background tab's timers are throttled).
              for (let pause = Math.random() * 3; pause > 0; pause--) await m.nextTask();
            }
            return `${applied} ${conflicts}`;
            """;
        var racing = await Task.WhenAll(RunAsync(first.Page, Race), RunAsync(second.Page, Race));
        var applied = racing.Select(r => int.Parse(r.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var count = await first.Page.EvaluateAsync<int>("() => Number(localStorage.getItem('race').split(':')[2])");
        output.WriteLine($"applied/conflicts per tab: {string.Join(", ", racing)}; final count {count}");
        Assert.All(applied, a => Assert.True(a > 0));
        Assert.Equal(applied.Sum(), count);
    }

    [Fact]
    public async Task Each_tab_holds_its_liveness_lock_and_a_closed_tabs_id_leaves_the_live_tabs()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        await RunAsync(first.Page, "await m.holdTab('tab-one'); await m.holdTab('tab-one'); return 'held';");
        await RunAsync(second.Page, "await m.holdTab('tab-two'); return 'held';");
        var both = await LiveTabsAsync(first.Page);
        Assert.Contains("tab-one", both);
        Assert.Contains("tab-two", both);
        Assert.Equal(both.Distinct().Count(), both.Length);

        await second.Page.CloseAsync();
        await SamplePage.EventuallyAsync(() => LiveTabsAsync(first.Page), tabs => !tabs.Contains("tab-two"), "the closed tab's id in liveTabs");
        Assert.Contains("tab-one", await LiveTabsAsync(first.Page));
    }

    [Fact]
    public async Task Without_Web_Locks_the_tabs_answer_a_roll_call_and_compare_and_set_still_runs()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        const string NoLocks = "Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });";
        await RunAsync(first.Page, NoLocks + "await m.holdTab('plain-one'); return 'held';");
        Assert.Equal("undefined", await RunAsync(second.Page, NoLocks + "await m.holdTab('plain-two'); return String(navigator.locks);"));
        var both = await LiveTabsAsync(first.Page);
        Assert.Contains("plain-one", both);
        Assert.Contains("plain-two", both);
        Assert.Equal(
            """{"c":[{"k":"i:n","s":"ovs2:n1:AQ=="}],"r":[]}""",
            await RunAsync(first.Page, """
                await m.mutateItems(1, 'ovs-test:nolock', JSON.stringify({ m: [{ k: 'i:n', v: 'ovs2:n1:AQ==', e: null }] }));
                return await m.mutateItems(1, 'ovs-test:nolock', JSON.stringify({ m: [{ k: 'i:n', v: 'ovs2:n2:AQ==', e: 'n0' }] }));
                """));

        await second.Page.CloseAsync();
        Assert.DoesNotContain("plain-two", await LiveTabsAsync(first.Page));
        Assert.Contains("plain-one", await LiveTabsAsync(first.Page));
    }

    private static async Task<string[]> LiveTabsAsync(IPage page) =>
        JsonSerializer.Deserialize<string[]>(await RunAsync(page, "return await m.liveTabs();"))!;
}
