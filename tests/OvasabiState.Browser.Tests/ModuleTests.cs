using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// The boundary module (<c>_content/OvasabiState/ovasabi-state.js</c>) called directly in the
/// page, with the wire format JSBrowserStorage uses: upgrades, indexes, ranges, atomic batches,
/// error codes. Each test uses databases of its own, beside the app's.
/// </summary>
[Collection(SampleAppTests.Name)]
public sealed partial class ModuleTests(SampleAppFixture app, ITestOutputHelper output)
{
    /// <summary>
    /// Helpers prepended to every script: the module as <c>m</c>, small IndexedDB readers, blind
    /// writes as WriteRecordsAsync sends them, and a reader of the record frame (the layout in
    /// ovasabi-frame.js's header, read here independently of .NET's RecordFrame).
    /// </summary>
    private const string Prelude = """
        const m = await import('/_content/OvasabiState/ovasabi-state.js');
        const open = (name) => new Promise((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const keys = (packed) => JSON.parse(packed.json).map((r) => JSON.stringify(r.k)).join(' ');
        const put = (k, i, bytes) => ({ k, i, l: bytes });
        // Blind writes (expected "*"): the removals of `d`, then the puts of `p`; resolves with the frame's reading.
        const write = async (db, store, batch, bytes) => frame((await m.mutateRecords(db, store, JSON.stringify({ m: [
          ...(batch.d ?? []).map((k) => ({ k, l: -1, e: '*', c: -1 })),
          ...(batch.p ?? []).map((r) => ({ ...r, e: '*', c: -1 }))] }), bytes)).b);
        const frame = (b) => {
          const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
          const decoder = new TextDecoder();
          let at = 0;
          const u8 = () => view.getUint8(at++);
          const u16 = () => { const v = view.getUint16(at, true); at += 2; return v; };
          const u32 = () => { const v = view.getUint32(at, true); at += 4; return v; };
          const f64 = () => { const v = view.getFloat64(at, true); at += 8; return v; };
          const bytes = (n) => { const v = b.subarray(at, at + n); at += n; return v; };
          const text = (n) => decoder.decode(bytes(n));
          const key = () => {
            const tag = u8();
            if (tag === 1) return f64();
            if (tag === 2) return 'd' + f64();
            if (tag === 3) return text(u32());
            if (tag === 4) return Array.from({ length: u16() }, key);
            throw new Error('tag ' + tag);
          };
          const version = u8();
          const counter = f64();
          const names = Array.from({ length: u8() }, () => text(u16()));
          const records = Array.from({ length: u32() }, () => {
            const k = key();
            const absent = (u8() & 1) === 1;
            const ver = text(u16());
            const i = {};
            for (let n = u8(); n > 0; n--) { const name = names[u8()]; i[name] = key(); }
            const value = Array.from(bytes(u32()));
            return { k, absent, ver, i, value };
          });
          if (at !== b.byteLength) throw new Error(`${b.byteLength - at} bytes after the records`);
          // One line per frame: "c=<counter>" then each record as key@token=bytes, or key:absent.
          const show = `c=${counter}` + records.map((r) => ' ' + (r.absent ? `${r.k}:absent` : `${r.k}@${r.ver}=${r.value.join(',')}`)).join('');
          return { version, counter, records, show };
        };
        """;

    [Fact]
    public async Task A_schema_change_bumps_the_version_creates_stores_and_indexes_and_keeps_the_data()
    {
        var result = await RunAsync("""
            const v1 = [{ name: 'notes', hash: 'h1', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false }] }];
            const v2 = [
              { name: 'notes', hash: 'h2', indexes: [
                { name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false },
                { name: 'owner_rank', keyPath: ['Owner', 'Rank'], unique: false, multiEntry: false }] },
              { name: 'tags', hash: 't1', indexes: [] }];
            const db = 'module-upgrade';
            const created = await m.openDatabase(db, JSON.stringify(v1));
            const again = await m.openDatabase(db, JSON.stringify(v1));
            await write(db, 'notes', {
              p: [put({ s: 'a' }, { Owner: { s: 'ann' } }, 2), put({ s: 'b' }, { Owner: { s: 'bob' } }, 3)], d: [] },
              new Uint8Array([1, 2, 3, 4, 5]));
            const before = (await open(db)); const v1Version = before.version; before.close();
            const upgraded = await m.openDatabase(db, JSON.stringify(v2));
            const kept = await m.queryRecords(db, 'notes', null, JSON.stringify({ lo: false, uo: false }));
            // The new compound index holds the records written with both members from now on.
            await write(db, 'notes', { p: [put({ s: 'c' }, { Owner: { s: 'cy' }, owner_rank: { a: [{ s: 'cy' }, { n: 7 }] } }, 1)], d: [] }, new Uint8Array([9]));
            const ranked = await m.queryRecords(db, 'notes', 'owner_rank', JSON.stringify({ l: { a: [{ s: 'cy' }, { n: 0 }] }, lo: false, uo: false }));
            const after = await open(db);
            const shape = `v${after.version - v1Version} stores=${Array.from(after.objectStoreNames).join(',')} indexes=${Array.from(after.transaction('notes').objectStore('notes').indexNames).join(',')}`;
            after.close();
            const back = await m.openDatabase(db, JSON.stringify(v1));
            const last = await open(db);
            const backShape = `indexes=${Array.from(last.transaction('notes').objectStore('notes').indexNames).join(',')}`;
            last.close();
            return [created, again, upgraded, back, keys(kept), Array.from(kept.bytes).join(''), keys(ranked), shape, backShape].join(' | ');
            """);
        Assert.Equal(
            """true | false | true | true | {"s":"a"} {"s":"b"} | 12345 | {"s":"c"} | v1 stores=$journal:notes,$journal:tags,$ovasabi,notes,tags indexes=Owner,owner_rank | indexes=Owner""",
            result);
    }

    [Fact]
    public async Task An_upgrade_from_another_tab_is_not_blocked_and_the_first_tab_reconnects()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        const string Schemas = """
            const v1 = [{ name: 'notes', hash: 'h1', indexes: [] }];
            const v2 = [{ name: 'notes', hash: 'h2', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false }] }];
            """;
        Assert.Equal("true", await RunAsync(first.Page, Schemas + "return String(await m.openDatabase('module-tabs', JSON.stringify(v1)));"));

        // The first tab keeps its connection open; the second upgrades: the first closes on versionchange.
        Assert.Equal("true", await RunAsync(second.Page, Schemas + "return String(await m.openDatabase('module-tabs', JSON.stringify(v2)));"));
        Assert.Equal("""{"s":"x"}""", await RunAsync(first.Page, """
            await write('module-tabs', 'notes', { p: [put({ s: 'x' }, { Owner: { s: 'ann' } }, 1)], d: [] }, new Uint8Array([1]));
            return keys(await m.queryRecords('module-tabs', 'notes', 'Owner', JSON.stringify({ l: { s: 'ann' }, u: { s: 'ann' }, lo: false, uo: false })));
            """));
    }

    [Fact]
    public async Task Indexes_and_ranges_follow_IndexedDB_order_for_every_key_kind()
    {
        var result = await RunAsync("""
            const db = 'module-keys';
            await m.openDatabase(db, JSON.stringify([{ name: 'items', hash: 'x', indexes: [
              { name: 'Tags', keyPath: ['Tags'], unique: false, multiEntry: true },
              { name: 'When', keyPath: ['When'], unique: false, multiEntry: false },
              { name: 'kind_rank', keyPath: ['Kind', 'Rank'], unique: false, multiEntry: false }] }]));
            await write(db, 'items', { d: [], p: [
              put({ n: 1 }, { Tags: { a: [{ s: 'a' }, { s: 'b' }] }, When: { d: 1000 }, kind_rank: { a: [{ s: 'x' }, { n: 1 }] } }, 1),
              put({ n: 2 }, { Tags: { a: [{ s: 'b' }, { s: 'c' }] }, When: { d: 2000 }, kind_rank: { a: [{ s: 'x' }, { n: 2 }] } }, 1),
              put({ s: 'z' }, { Tags: { a: [] }, When: { d: 3000 }, kind_rank: { a: [{ s: 'y' }, { n: 1 }] } }, 1),
              put({ a: [{ s: 'p' }, { n: 1 }] }, {}, 1),
              put({ n: 'Infinity' }, { When: { d: -5 } }, 1)] }, new Uint8Array([1, 2, 3, 4, 5]));
            const q = async (index, range) => keys(await m.queryRecords(db, 'items', index, JSON.stringify({ lo: false, uo: false, ...range })));
            const one = JSON.parse((await m.getRecord(db, 'items', JSON.stringify({ n: 1 }))).json)[0];
            return [
              await q(null, {}),
              await q(null, { l: { n: 2 } }),
              await q(null, { l: { n: 2 }, lo: true, u: { s: 'z' } }),
              await q('Tags', { l: { s: 'b' }, u: { s: 'b' } }),
              await q('Tags', { l: { s: 'a' }, u: { s: 'c' } }),
              await q('When', { l: { d: 1000 }, lo: true }),
              await q('When', { u: { d: 0 } }),
              await q('kind_rank', { l: { a: [{ s: 'x' }, { n: 2 }] }, u: { a: [{ s: 'x' }, { n: 'Infinity' }] } }),
              await q('When', { l: { d: 3000 }, u: { d: 1000 } }),
              JSON.stringify(one.i),
              String((await m.getRecord(db, 'items', JSON.stringify({ n: 9 }))).json),
            ].join('\n');
            """);
        Assert.Equal(
            string.Join('\n',
                """{"n":1} {"n":2} {"n":"Infinity"} {"s":"z"} {"a":[{"s":"p"},{"n":1}]}""",
                """{"n":2} {"n":"Infinity"} {"s":"z"} {"a":[{"s":"p"},{"n":1}]}""",
                """{"n":"Infinity"} {"s":"z"}""",
                """{"n":1} {"n":2}""",
                """{"n":1} {"n":1} {"n":2} {"n":2}""", // multi-entry: once per matching element
                """{"n":2} {"s":"z"}""",
                """{"n":"Infinity"}""",
                """{"n":2}""",
                "", // lower above upper: nothing, no error
                """{"Tags":{"a":[{"s":"a"},{"s":"b"}]},"When":{"d":1000},"kind_rank":{"a":[{"s":"x"},{"n":1}]}}""",
                "[]"),
            result);
    }

    [Fact]
    public async Task A_batch_is_one_transaction_a_failing_put_leaves_everything_as_it_was()
    {
        var result = await RunAsync("""
            const db = 'module-atomic';
            await m.openDatabase(db, JSON.stringify([{ name: 'users', hash: 'u', indexes: [{ name: 'Email', keyPath: ['Email'], unique: true, multiEntry: false }] }]));
            await write(db, 'users', { d: [], p: [put({ s: 'a' }, { Email: { s: 'a@x' } }, 1), put({ s: 'b' }, { Email: { s: 'b@x' } }, 1)] }, new Uint8Array([1, 2]));
            let error = 'no error';
            try {
              // Deletes a, adds c, and adds d with b's e-mail: the unique index refuses d, so nothing happens.
              await write(db, 'users', { d: [{ s: 'a' }], p: [put({ s: 'c' }, { Email: { s: 'c@x' } }, 1), put({ s: 'd' }, { Email: { s: 'b@x' } }, 1)] }, new Uint8Array([3, 4]));
            } catch (e) {
              error = String(e.message).split(' ').slice(0, 2).join(' ');
            }
            return `${error} | ${keys(await m.queryRecords(db, 'users', null, JSON.stringify({ lo: false, uo: false })))}`;
            """);
        Assert.Equal("""[ovs:Failed] ConstraintError: | {"s":"a"} {"s":"b"}""", result);
    }

    [Fact]
    public async Task Web_storage_reports_a_full_area_as_QuotaExceeded_and_lists_keys_by_prefix()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        var result = await RunAsync(page.Page, """
            m.writeItems(1, ['t:b', 't:a', 'u:c'], ['1', '2', '3'], []);
            const listed = m.getKeys(1, 't:').join(',');
            m.writeItems(1, [], [], ['t:a']);
            let chunk = 'x'.repeat(1 << 20), i = 0;
            while (chunk.length > 0) {
              try { localStorage.setItem('fill-' + i, chunk); i++; } catch { chunk = chunk.slice(0, chunk.length >> 1); }
            }
            let error = 'no error';
            try { m.writeItems(1, ['t:big'], ['y'.repeat(100000)], []); } catch (e) { error = String(e.message).split(' ')[0]; }
            const available = m.isStorageAvailable(1);
            return [listed, m.getKeys(1, 't:').join(','), error, available, m.getItem(1, 't:big')].join(' | ');
            """);
        Assert.Equal("t:a,t:b | t:b | [ovs:QuotaExceeded] | true | ", result);
    }

    [Fact]
    public async Task One_page_hide_gives_one_flush_event_and_an_unsubscribed_listener_hears_nothing()
    {
        var result = await RunAsync("""
            const calls = [];
            const listener = { invokeMethodAsync: (method, ...args) => { calls.push(`${method}(${args.join(',')})`); return Promise.resolve(); } };
            const id = m.subscribe(listener);
            const visibility = (state) => {
              Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
              document.dispatchEvent(new Event('visibilitychange'));
            };
            const flushes = () => calls.filter((c) => c === 'OnEnvironment(2)').length;
            // A tab closed or navigated away: visibilitychange (hidden), then pagehide.
            visibility('hidden');
            dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
            const closing = flushes();
            // Back (bfcache restore), then hidden again in the other order: pagehide first.
            dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
            visibility('visible');
            dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
            visibility('hidden');
            const twice = flushes();
            m.unsubscribe(id);
            visibility('visible');
            visibility('hidden');
            const after = flushes();
            delete document.visibilityState;
            visibility('visible');
            return `${closing} ${twice} ${after} ${calls.join(' ')}`;
            """);
        Assert.Equal("1 2 2 OnEnvironment(2) OnEnvironment(2)", result);
    }

    [Fact]
    public async Task A_subscriber_hears_another_tabs_broadcast_with_its_fields_as_sent()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        await RunAsync(first.Page, """
            globalThis.heard = new Promise((resolve) => {
              m.subscribe({ invokeMethodAsync: (method, ...args) => { if (method === 'OnMessage') resolve(args.join('|')); return Promise.resolve(); } });
            });
            return 'subscribed';
            """);
        await RunAsync(second.Page, "m.broadcast('user/notes', 's:a', 'tab-x', '18446744073709551615'); return 'sent';");
        Assert.Equal("user/notes|s:a|tab-x|18446744073709551615", await RunAsync(first.Page, "return await globalThis.heard;"));
    }

    [Fact]
    public async Task Reads_for_dotnet_come_as_one_binary_frame_with_the_documented_layout()
    {
        var result = await RunAsync("""
            const db = 'module-framed';
            await m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 'f', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false }] }]));
            await write(db, 'notes', { d: [], p: [{ ...put({ s: 'a' }, { Owner: { s: 'ann' } }, 2), v: 'v1' }, put({ s: 'b' }, {}, 1)] }, new Uint8Array([1, 2, 3]));
            const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
            const all = hex(await m.queryRecordsFramed(db, 'notes', null, JSON.stringify({ lo: false, uo: false })));
            const boxed = hex((await m.queryRecordsFrame(db, 'notes', null, JSON.stringify({ lo: false, uo: false }))).b);
            const none = hex(await m.getRecordFramed(db, 'notes', JSON.stringify({ s: 'z' })));
            const many = hex((await m.getRecordsFrame(db, 'notes', JSON.stringify([{ s: 'b' }, { s: 'z' }]))).b);
            return [all, boxed === all, none, many].join(' | ');
            """);
        // version 2 | counter 1.0 (one write so far) | 1 index name: "Owner" | 2 records |
        //   key "a" (tag 3, length 1) | flags 0 | token "v1" | 1 index value: ordinal 0, "ann" | payload length 2: 01 02 |
        //   key "b" | flags 0 | no token | no index value | payload length 1: 03
        const string Head = "02" + "000000000000f03f" + "01" + "0500" + "4f776e6572";
        Assert.Equal(
            Head + "02000000"
            + "03" + "01000000" + "61" + "00" + "0200" + "7631" + "01" + "00" + "03" + "03000000" + "616e6e" + "02000000" + "0102"
            + "03" + "01000000" + "62" + "00" + "0000" + "00" + "01000000" + "03"
            + " | true | " + Head + "00000000"
            + " | " + Head + "01000000" + "03" + "01000000" + "62" + "00" + "0000" + "00" + "01000000" + "03",
            result);
    }

    [Fact]
    public async Task GetRecords_returns_the_records_found_for_few_keys_and_for_many_in_one_call()
    {
        var result = await RunAsync("""
            const db = 'module-getrecords';
            await m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 'g', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false }] }]));
            const stored = Array.from({ length: 100 }, (_, i) => put({ n: i * 2 }, { Owner: { s: 'o' + i } }, 1));
            await write(db, 'notes', { d: [], p: stored }, new Uint8Array(100).map((_, i) => i));
            const ids = (packed) => JSON.parse(packed.json).map((r) => r.k.n).sort((a, b) => a - b).join(',');
            const few = await m.getRecords(db, 'notes', JSON.stringify([{ n: 4 }, { n: 5 }, { n: 198 }]));
            // Many keys: existence is probed with one getAllKeys over their span, then only those are read.
            const many = await m.getRecords(db, 'notes', JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ n: 150 + i }))));
            const none = await m.getRecords(db, 'notes', JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ s: 'absent' + i }))));
            const bytes = Array.from(few.bytes).join(',');
            return [ids(few), JSON.parse(few.json)[0].i.Owner.s, bytes, ids(many), none.json].join(' | ');
            """);
        Assert.Equal(
            "4,198 | o2 | 2,99 | 150,152,154,156,158,160,162,164,166,168,170,172,174,176,178,180,182,184,186,188,190,192,194,196,198 | []",
            result);
    }

    [Fact]
    public async Task A_batch_bigger_than_a_slice_is_written_whole_and_a_failure_in_a_later_slice_undoes_all_of_it()
    {
        var result = await RunAsync("""
            const db = 'module-slices';
            await m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 's', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: true, multiEntry: false }] }]));
            const count = 600; // more than two slices of puts
            const batch = (n, owner) => Array.from({ length: n }, (_, i) => put({ n: i }, { Owner: { s: owner(i) } }, 1));
            await write(db, 'notes', { d: [], p: batch(count, (i) => 'a' + i) }, new Uint8Array(count).fill(7));
            const written = await m.queryRecords(db, 'notes', null, JSON.stringify({ lo: false, uo: false }));
            // The last put repeats a unique owner: the transaction aborts, earlier slices included.
            let failure = '';
            try {
              await write(db, 'notes', { d: [{ n: 0 }], p: batch(count, (i) => i === count - 1 ? 'b0' : 'b' + i) }, new Uint8Array(count).fill(9));
            } catch (error) {
              failure = String(error.message).startsWith('[ovs:') ? 'typed' : String(error);
            }
            const after = await m.queryRecords(db, 'notes', null, JSON.stringify({ lo: false, uo: false }));
            const owners = JSON.parse(after.json).map((r) => r.i.Owner.s);
            return [JSON.parse(written.json).length === count, failure, owners.length === count, owners.every((o) => o.startsWith('a')), Array.from(after.bytes).every((b) => b === 7)].join(' | ');
            """);
        Assert.Equal("true | typed | true | true | true", result);
    }

    [Fact]
    public async Task A_subscriber_hears_a_many_change_broadcast_as_one_message()
    {
        await using var context = await app.Browser.NewContextAsync();
        var first = await app.OpenAsync(context, output);
        var second = await app.OpenAsync(context, output);
        await RunAsync(first.Page, """
            globalThis.heardMany = new Promise((resolve) => {
              m.subscribe({ invokeMethodAsync: (method, ...args) => { if (method === 'OnMessages') resolve(method + ' ' + JSON.stringify(args)); return Promise.resolve(); } });
            });
            return 'subscribed';
            """);
        await RunAsync(second.Page, "m.broadcastMany('user/notes', 'tab-x', ['s:a', 's:b'], ['1', '18446744073709551615']); return 'sent';");
        Assert.Equal(
            """OnMessages ["user/notes","tab-x",["s:a","s:b"],["1","18446744073709551615"]]""",
            await RunAsync(first.Page, "return await globalThis.heardMany;"));
    }

    private async Task<string> RunAsync(string body)
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await app.OpenAsync(context, output);
        return await RunAsync(page.Page, body);
    }

    private static async Task<string> RunAsync(IPage page, string body)
    {
        var value = await page.EvaluateAsync<JsonElement>($"async () => {{\n{Prelude}\n{body}\n}}");
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}
