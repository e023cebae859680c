using System.Threading.Tasks;
using Xunit;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// Big write batches: staged in chunks by .NET, committed packed into the store's journal, and
/// spread into the store by the next read or write (ovasabi-journal.js).
/// </summary>
public sealed partial class ModuleTests
{
    /// <summary>Script helpers: a store with a non-unique index, and raw counts of a store and its journal.</summary>
    private const string JournalPrelude = """
        const schema = (db) => m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 'j', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false }] }]));
        const batch = (from, n, owner) => Array.from({ length: n }, (_, i) => put({ n: from + i }, { Owner: { s: owner(from + i) } }, 1));
        // Objects of a store; of a journal, its entries only (numbers), not the write counter kept beside them.
        const count = async (db, store) => {
          const connection = await open(db);
          try {
            return await new Promise((resolve, reject) => {
              const range = store.startsWith('$journal:') ? IDBKeyRange.upperBound(Infinity) : undefined;
              const request = connection.transaction(store, 'readonly').objectStore(store).count(range);
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            });
          } finally {
            connection.close();
          }
        };
        // Adds entries to the journal of 'notes' directly, as a batch committed by a tab that
        // closed before its spread (or whose notice has not come yet); with `counter`, sets the
        // write counter too, as that batch's transaction did.
        const plant = async (db, entries, counter) => {
          const connection = await open(db);
          try {
            await new Promise((resolve, reject) => {
              const tx = connection.transaction('$journal:notes', 'readwrite');
              for (const entry of entries) tx.objectStore('$journal:notes').add(entry);
              if (counter !== undefined) tx.objectStore('$journal:notes').put(counter, 'counter');
              tx.oncomplete = resolve;
              tx.onerror = () => reject(tx.error);
            });
          } finally {
            connection.close();
          }
        };
        const everything = async (db) => JSON.parse((await m.queryRecords(db, 'notes', null, JSON.stringify({ lo: false, uo: false }))).json);
        """;

    [Fact]
    public async Task A_big_batch_is_whole_in_every_read_right_after_the_write_and_the_journal_ends_empty()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-big';
            await schema(db);
            const n = 2500;
            await write(db, 'notes', { d: [], p: batch(0, n, (i) => 'o' + (i % 10)) }, new Uint8Array(n).map((_, i) => i % 251));
            // Read at once: an index query, a single get, a batch get.
            const owned = JSON.parse((await m.queryRecords(db, 'notes', 'Owner', JSON.stringify({ l: { s: 'o3' }, u: { s: 'o3' }, lo: false, uo: false }))).json);
            const one = await m.getRecord(db, 'notes', JSON.stringify({ n: 2499 }));
            const some = JSON.parse((await m.getRecords(db, 'notes', JSON.stringify([{ n: 0 }, { n: 1250 }, { n: 9999 }]))).json).map((r) => r.k.n).sort((a, b) => a - b);
            const all = await everything(db);
            return [owned.length, owned.every((r) => r.k.n % 10 === 3), Array.from(one.bytes).join(','), some.join(','), all.length,
              await count(db, 'notes'), await count(db, '$journal:notes')].join(' | ');
            """);
        Assert.Equal("250 | true | 240 | 0,1250 | 2500 | 2500 | 0", result);
    }

    [Fact]
    public async Task A_journal_left_by_a_closed_tab_is_spread_by_the_next_read_in_commit_order()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-left';
            await schema(db);
            await write(db, 'notes', { d: [], p: [put({ s: 'old' }, { Owner: { s: 'x' } }, 1)] }, new Uint8Array([5]));
            // What a tab closed between the journal's commit and its spread leaves behind: two
            // committed batches, the second deleting one record of the first and replacing another.
            await plant(db, [
              { d: ['old'], p: [{ $key: 'a', $value: new Uint8Array([1]), Owner: 'x' }, { $key: 'b', $value: new Uint8Array([2]), Owner: 'y' }] },
              { d: ['a'], p: [{ $key: 'b', $value: new Uint8Array([3]), Owner: 'x' }] }]);
            // The next page load opens the database: it finds the journal holding entries.
            await schema(db);
            const b = await m.getRecord(db, 'notes', JSON.stringify({ s: 'b' }));
            const a = await m.getRecord(db, 'notes', JSON.stringify({ s: 'a' }));
            const owners = JSON.parse((await m.queryRecords(db, 'notes', 'Owner', JSON.stringify({ l: { s: 'x' }, u: { s: 'x' }, lo: false, uo: false }))).json);
            return [Array.from(b.bytes).join(','), JSON.parse(a.json).length, owners.map((r) => r.k.s).join(','),
              (await everything(db)).map((r) => r.k.s).join(','), await count(db, '$journal:notes')].join(' | ');
            """);
        Assert.Equal("3 | 0 | b | b | 0", result);
    }

    [Fact]
    public async Task Another_tab_reads_every_record_of_a_big_batch_even_when_the_writing_tab_closes_at_once()
    {
        await using var context = await app.Browser.NewContextAsync();
        var writer = await app.OpenAsync(context, output);
        var reader = await app.OpenAsync(context, output);
        await RunAsync(reader.Page, JournalPrelude + """
            await schema('module-journal-tabs');
            // Heard after the module's own listener (channels hear a message in creation order).
            globalThis.noticed = new Promise((resolve) => {
              new BroadcastChannel('ovasabi-state').onmessage = (event) => { if (event.data?.journal) resolve(); };
            });
            return 'ready';
            """);
        await RunAsync(writer.Page, JournalPrelude + """
            const db = 'module-journal-tabs';
            await schema(db);
            await write(db, 'notes', { d: [], p: batch(0, 1500, (i) => 'w') }, new Uint8Array(1500).fill(4));
            return 'written';
            """);
        // Closed before (or while) its background spread runs: the batch is in the journal or the store.
        await writer.Page.CloseAsync();
        Assert.Equal("1500 | 4 | 0", await RunAsync(reader.Page, JournalPrelude + """
            const db = 'module-journal-tabs';
            await globalThis.noticed;
            const all = await everything(db);
            const last = await m.getRecord(db, 'notes', JSON.stringify({ n: 1499 }));
            return [all.length, Array.from(last.bytes).join(','), await count(db, '$journal:notes')].join(' | ');
            """));
    }

    [Fact]
    public async Task A_damaged_journal_entry_is_skipped_and_the_rest_of_the_journal_is_spread()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-damaged';
            await schema(db);
            await plant(db, [
              'not an entry',
              { d: [{ not: 'a key' }], p: [{ no: 'key' }, null, { $key: 'ok', $value: new Uint8Array([6]), Owner: 'z' }] },
              { d: 'x', p: 7 }]);
            await schema(db); // the next load counts the journal
            const ok = await m.getRecord(db, 'notes', JSON.stringify({ s: 'ok' }));
            return [Array.from(ok.bytes).join(','), (await everything(db)).length, await count(db, '$journal:notes')].join(' | ');
            """);
        Assert.Equal("6 | 1 | 0", result);
    }

    [Fact]
    public async Task A_write_right_after_a_big_batch_lands_over_it()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-order';
            await schema(db);
            const n = 1500;
            await write(db, 'notes', { d: [], p: batch(0, n, (i) => 'o') }, new Uint8Array(n).fill(1));
            // No read in between: the small write must not be undone by the big batch's spread.
            await write(db, 'notes', { d: [{ n: 6 }], p: [put({ n: 5 }, { Owner: { s: 'p' } }, 1)] }, new Uint8Array([2]));
            // And a second big batch after it, from key 7 on, lands over the first.
            await write(db, 'notes', { d: [], p: batch(7, n, (i) => 'q') }, new Uint8Array(n).fill(3));
            const five = await m.getRecord(db, 'notes', JSON.stringify({ n: 5 }));
            const seven = await m.getRecord(db, 'notes', JSON.stringify({ n: 7 }));
            const all = await everything(db);
            return [Array.from(five.bytes).join(','), JSON.parse(five.json)[0].i.Owner.s, Array.from(seven.bytes).join(','),
              all.some((r) => r.k.n === 6), all.length, await count(db, '$journal:notes')].join(' | ');
            """);
        Assert.Equal("2 | p | 3 | false | 1506 | 0", result);
    }

    [Fact]
    public async Task A_big_batch_on_a_store_with_a_unique_index_is_never_journaled_and_fails_whole()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-unique';
            await m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 'u', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: true, multiEntry: false }] }]));
            const n = 1500;
            await write(db, 'notes', { d: [], p: batch(0, n, (i) => 'a' + i) }, new Uint8Array(n).fill(1));
            let failure = '';
            try {
              // The last record repeats the first one's owner.
              await write(db, 'notes', { d: [], p: batch(n, n, (i) => i === 2 * n - 1 ? 'b' + n : 'b' + i) }, new Uint8Array(n).fill(2));
            } catch (error) {
              failure = String(error.message).startsWith('[ovs:Failed] ConstraintError') ? 'typed' : String(error.message);
            }
            return [failure, (await everything(db)).length, await count(db, '$journal:notes')].join(' | ');
            """);
        Assert.Equal("typed | 1500 | 0", result);
    }

    [Fact]
    public async Task A_staged_batch_is_committed_whole_as_one_compare_and_set_and_a_failing_or_discarded_one_leaves_nothing()
    {
        var result = await RunAsync("""
            const db = 'module-staged';
            await m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 's', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: true, multiEntry: false }] }]));
            // Chunks in the mutation shape: new records (nothing expected stored), not vouched for by a counter.
            const chunk = (from, n, owner) => JSON.stringify({ m: Array.from({ length: n }, (_, i) => ({ ...put({ n: from + i }, { Owner: { s: owner(from + i) } }, 1), v: 'v' + (from + i), c: -1 })) });
            const all = async () => {
              const packed = await m.queryRecords(db, 'notes', null, JSON.stringify({ lo: false, uo: false }));
              return { records: JSON.parse(packed.json), bytes: Array.from(packed.bytes), counter: packed.c };
            };
            await write(db, 'notes', { d: [], p: [{ ...put({ n: -1 }, { Owner: { s: 'old' } }, 1), v: 'old' }] }, new Uint8Array([5]));

            // Two chunks of 300 (more than two slices of puts together), then a commit; a last
            // chunk removes -1 (expecting its version) and writes 0 again expecting the version
            // the first chunk gives it: expectations are checked against what was stored before
            // the batch, where 0 is absent, so that write conflicts (flagged absent).
            await m.stageRecords(db, 'notes', 'one', chunk(0, 300, (i) => 'a' + i), new Uint8Array(300).fill(7));
            await m.stageRecords(db, 'notes', 'one', chunk(300, 300, (i) => 'a' + i), new Uint8Array(300).fill(8));
            await m.stageRecords(db, 'notes', 'one', JSON.stringify({ m: [{ k: { n: -1 }, l: -1, e: 'old', c: -1 }, { k: { n: 0 }, l: 1, v: 'again', e: 'v0', c: -1 }] }), new Uint8Array([6]));
            const staged = (await all()).records.length;
            const committed = frame((await m.commitStaged(db, 'notes', 'one')).b);
            const written = await all();
            const whole = written.records.length === 600 && written.records.every((r, i) => r.k.n === i && r.v === 'v' + i)
              && written.bytes.every((b, i) => b === (i < 300 ? 7 : 8));

            // The last write of the second chunk repeats a unique owner: the commit fails, the removal included.
            await m.stageRecords(db, 'notes', 'two', chunk(600, 300, (i) => 'b' + i), new Uint8Array(300).fill(9));
            await m.stageRecords(db, 'notes', 'two', chunk(900, 300, (i) => i === 1199 ? 'b600' : 'b' + i), new Uint8Array(300).fill(9));
            await m.stageRecords(db, 'notes', 'two', JSON.stringify({ m: [{ k: { n: 0 }, l: -1, e: '*', c: -1 }] }), new Uint8Array(0));
            let failure = '';
            try {
              await m.commitStaged(db, 'notes', 'two');
            } catch (error) {
              failure = String(error.message).startsWith('[ovs:Failed] ConstraintError') ? 'typed' : String(error);
            }
            // The failed batch is gone: committing its id again writes nothing, and bumps nothing.
            const again = frame((await m.commitStaged(db, 'notes', 'two')).b);
            const afterFailure = await all();

            // A discarded batch is gone too.
            await m.stageRecords(db, 'notes', 'three', chunk(2000, 10, (i) => 'c' + i), new Uint8Array(10).fill(3));
            m.discardStaged(db, 'notes', 'three');
            await m.commitStaged(db, 'notes', 'three');
            const afterDiscard = await all();
            const unchanged = (state) => state.records.length === 600 && state.records.every((r) => r.i.Owner.s.startsWith('a'))
              && state.bytes.every((b, i) => b === (i < 300 ? 7 : 8)) && state.counter === 2;
            return [staged, committed.show, whole, failure, again.show, unchanged(afterFailure), unchanged(afterDiscard)].join(' | ');
            """);
        Assert.Equal("1 | c=2 0:absent | true | typed | c=2 | true | true", result);
    }

    [Fact]
    public async Task A_big_compare_and_set_batch_is_journaled_with_its_versions_and_checks_its_expectations_first()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-cas';
            await schema(db);
            const all = JSON.stringify({ lo: false, uo: false });
            const fresh = frame((await m.queryRecordsFrame(db, 'notes', null, all)).b).counter;
            const n = 1500;
            // New records vouched for by the fresh store's counter (0): nothing is read, all of it is journaled.
            const first = Array.from({ length: n }, (_, i) => ({ ...put({ n: i }, { Owner: { s: 'o' + (i % 3) } }, 1), v: 'v1.' + i, c: 0 }));
            const one = frame((await m.mutateRecords(db, 'notes', JSON.stringify({ m: first }), new Uint8Array(n).fill(1))).b);
            // At once (the first batch may still be in the journal), with no counter vouching: every
            // write is read. Even keys expect their version (applied, as tombstone-like objects with no
            // index value), odd keys a wrong one (conflicts); 200 new keys expect nothing stored; one
            // key expects a version of a record that is not there.
            const second = [
              ...Array.from({ length: n }, (_, i) => ({ k: { n: i }, l: 1, v: 'v2.' + i, e: i % 2 === 0 ? 'v1.' + i : 'wrong', c: -1 })),
              ...Array.from({ length: 200 }, (_, i) => ({ ...put({ n: n + i }, { Owner: { s: 'new' } }, 1), v: 'v2.' + (n + i), c: -1 })),
              { k: { s: 'gone' }, l: 1, v: 'v2.gone', e: 'v1.gone', c: -1 }];
            const two = frame((await m.mutateRecords(db, 'notes', JSON.stringify({ m: second }), new Uint8Array(second.length).fill(2))).b);
            const stored = two.records.filter((r) => !r.absent);
            const conflictsRight = stored.length === n / 2 && stored.every((r) => r.k % 2 === 1 && r.ver === 'v1.' + r.k && r.value.join() === '1' && r.i.Owner === 'o' + (r.k % 3));
            const absent = two.records.filter((r) => r.absent).map((r) => r.k).join();
            const after = frame((await m.queryRecordsFrame(db, 'notes', null, all)).b);
            const versionsRight = after.records.length === n + 200 && after.records.every((r) =>
              r.ver === (r.k < n && r.k % 2 === 1 ? 'v1.' + r.k : 'v2.' + r.k) && r.value.join() === (r.k < n && r.k % 2 === 1 ? '1' : '2'));
            const owned = frame((await m.queryRecordsFrame(db, 'notes', 'Owner', JSON.stringify({ l: { s: 'o1' }, u: { s: 'o1' }, lo: false, uo: false }))).b);
            // Both batches went through the journal: 12 entries of 125 writes, then 8 for the 950 applied
            // (the journal's key generator tells, after the spreads emptied it).
            const connection = await open(db);
            const nextKey = await new Promise((resolve, reject) => {
              const tx = connection.transaction('$journal:notes', 'readwrite');
              const journal = tx.objectStore('$journal:notes');
              const added = journal.add({ d: [], p: [] });
              added.onsuccess = () => journal.delete(added.result);
              tx.oncomplete = () => resolve(added.result);
              tx.onerror = () => reject(tx.error);
            });
            connection.close();
            return [fresh, one.show, two.counter, conflictsRight, absent, after.counter, versionsRight,
              owned.records.every((r) => r.k % 2 === 1), await count(db, '$journal:notes'), nextKey].join(' | ');
            """);
        Assert.Equal("0 | c=1 | 2 | true | gone | 2 | true | true | 0 | 21", result);
    }

    [Fact]
    public async Task A_read_or_a_big_write_that_finds_a_batch_it_had_not_heard_of_in_the_journal_spreads_it_first()
    {
        var result = await RunAsync(JournalPrelude + """
            const db = 'module-journal-unheard';
            await schema(db);
            await write(db, 'notes', { p: [{ ...put({ s: 'x' }, { Owner: { s: 'a' } }, 1), v: 'x1' }] }, new Uint8Array([1]));
            // Another tab's batch, committed into the journal with its counter bump; its notice has not come.
            await plant(db, [{ d: [], p: [{ $key: 'x', $value: new Uint8Array([2]), $ver: 'x2', Owner: 'b' }, { $key: 'y', $value: new Uint8Array([3]), $ver: 'y1' }] }], 2);
            // A read counts on the counter only with the batch in: it spreads, and reads again.
            const read = frame((await m.getRecordsFrame(db, 'notes', JSON.stringify([{ s: 'x' }, { s: 'y' }]))).b).show;
            await plant(db, [{ d: [], p: [{ $key: 'z', $value: new Uint8Array([4]), $ver: 'z1' }] }], 3);
            // A big batch that must read (no counter vouches) sees what the journal holds: z is
            // there, as z1, and w is not.
            const big = [{ k: { s: 'z' }, l: 1, v: 'z2', e: 'z1', c: -1 }, { k: { s: 'w' }, l: 1, v: 'w1', e: 'w0', c: -1 },
              ...Array.from({ length: 1100 }, (_, i) => ({ k: { n: i }, l: 1, v: 'n' + i, c: -1 }))];
            const wrote = frame((await m.mutateRecords(db, 'notes', JSON.stringify({ m: big }), new Uint8Array(big.length).fill(5))).b).show;
            const z = frame((await m.getRecordFrame(db, 'notes', JSON.stringify({ s: 'z' }))).b).show;
            return [read, wrote, z, await count(db, '$journal:notes')].join(' | ');
            """);
        Assert.Equal("c=2 x@x2=2 y@y1=3 | c=4 w:absent | c=4 z@z2=5 | 0", result);
    }
}
