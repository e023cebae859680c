using System.Threading.Tasks;
using Xunit;

namespace OvasabiState.Browser.Tests;

/// <summary>
/// Compare-and-set writes of IndexedDB records (ovasabi-cas.js): what InMemoryBrowser.MutateRecords
/// does on the host, in a real browser: expectations, conflicts with the stored copy, the write
/// counter and the read it saves.
/// </summary>
public sealed partial class ModuleTests
{
    /// <summary>Script helpers: a store 'notes', writes <c>w(key, token, bytes, expected, more)</c> applied with <c>cas(...)</c>, raw plants.</summary>
    private const string CasPrelude = """
        const schemaOf = (db) => m.openDatabase(db, JSON.stringify([{ name: 'notes', hash: 'c', indexes: [{ name: 'Owner', keyPath: ['Owner'], unique: false, multiEntry: false }] }]));
        // One write of key `key` (a string): bytes null removes it; `expected` undefined expects nothing stored.
        const w = (key, token, bytes, expected, more = {}) => ({
          k: { s: key }, l: bytes === null ? -1 : bytes.length, ...(token === undefined ? {} : { v: token }),
          ...(expected === undefined ? {} : { e: expected }), c: -1, b: bytes, ...more });
        const casIn = async (db, ...writes) => frame((await m.mutateRecords(db, 'notes',
          JSON.stringify({ m: writes.map(({ b, ...rest }) => rest) }), new Uint8Array(writes.flatMap((x) => x.b ?? [])))).b).show;
        const readIn = async (db, ...keys) => frame((await m.getRecordsFrame(db, 'notes', JSON.stringify(keys.map((s) => ({ s }))))).b).show;
        // Puts an object straight into a store, behind the module's back (the counter is left as it is).
        const plantObject = async (db, store, object) => {
          const connection = await open(db);
          try {
            await new Promise((resolve, reject) => {
              const tx = connection.transaction(store, 'readwrite');
              tx.objectStore(store).put(object);
              tx.oncomplete = resolve;
              tx.onerror = () => reject(tx.error);
            });
          } finally {
            connection.close();
          }
        };
        """;

    [Fact]
    public async Task A_compare_and_set_write_applies_when_the_stored_version_is_expected_and_returns_the_stored_copy_when_not()
    {
        var result = await RunAsync(CasPrelude + """
            const db = 'module-cas';
            await schemaOf(db);
            const cas = (...writes) => casIn(db, ...writes);
            const ann = { i: { Owner: { s: 'ann' } } };
            const steps = [];
            steps.push(await cas(w('a', 'v1', [1], undefined, ann)));                 // nothing stored, nothing expected
            steps.push(await cas(w('a', 'v2', [2], 'v1', ann)));                      // expected v1: applied
            steps.push(await cas(w('a', 'v3', [3], 'v1', ann)));                      // stale: a@v2 comes back
            const conflict = frame((await m.mutateRecords(db, 'notes', JSON.stringify({ m: [{ k: { s: 'a' }, l: 0, v: 'v3', c: -1 }] }), new Uint8Array(0))).b).records[0];
            steps.push(`${conflict.k}@${conflict.ver} Owner=${conflict.i.Owner} absent=${conflict.absent}`); // expected absent, a is stored: the whole stored copy
            steps.push(await cas(w('b', 'v1', [4], 'v0')));                           // a version of a record that is not there: absent
            steps.push(await cas(w('a', 'v3', [3], 'v2'), w('b', 'v1', [4], 'zz'), w('c', 'v1', [5])));  // one transaction: a and c applied, b refused
            steps.push(await cas(w('c', undefined, null, 'v1')));                     // removal expecting its version
            steps.push(await cas(w('a', undefined, null, 'v2')));                     // removal expecting a stale one
            steps.push(await cas(w('a', 'v4', [0], 'v3')));                           // a tombstone: an object with no index value
            const owners = keys(await m.queryRecords(db, 'notes', 'Owner', JSON.stringify({ l: { s: 'ann' }, u: { s: 'ann' }, lo: false, uo: false })));
            steps.push(`owners=[${owners}]`);
            await plantObject(db, 'notes', { $key: 'p', $value: new Uint8Array([7]) }); // written before versions: no $ver
            steps.push(await cas(w('p', 'v1', [8])));                                 // expected absent: p comes back with an empty token
            steps.push(await cas(w('p', 'v1', [8], '')));                             // expected the empty token: applied
            steps.push(await cas(w('q', 'v1', [9], '*'), w('p', 'v2', [6], '*')));    // blind
            steps.push(await readIn(db, 'a', 'b', 'c', 'p', 'q'));
            return steps.join('\n');
            """);
        Assert.Equal(
            string.Join('\n',
                "c=1",
                "c=2",
                "c=2 a@v2=2",
                "a@v2 Owner=ann absent=false",
                "c=2 b:absent",
                "c=3 b:absent",
                "c=4",
                "c=4 a@v3=3",
                "c=5",
                "owners=[]",
                "c=5 p@=7",
                "c=6",
                "c=7",
                "c=7 a@v4=0 p@v2=6 q@v1=9"),
            result);
    }

    [Fact]
    public async Task A_write_vouched_for_by_the_current_counter_is_not_read_and_only_a_writing_transaction_bumps_the_counter()
    {
        var result = await RunAsync(CasPrelude + """
            const db = 'module-counter';
            await schemaOf(db);
            const cas = (...writes) => casIn(db, ...writes);
            const steps = [];
            steps.push(await readIn(db, 'a'));                                          // a new store is at 0
            steps.push(await cas(w('a', 'v1', [1], undefined, { c: 0 })));             // vouched for by 0: nothing read
            // Behind the module's back: another version, the counter left at 1.
            await plantObject(db, 'notes', { $key: 'a', $value: new Uint8Array([9]), $ver: 'planted' });
            // Vouched for by the current counter, so the stored token is not read: the write lands over
            // the planted copy (the contract: a writer that claims an unchanged counter is believed).
            steps.push(await cas(w('a', 'v2', [2], 'v1', { c: 1 })));
            steps.push(await readIn(db, 'a'));
            await plantObject(db, 'notes', { $key: 'a', $value: new Uint8Array([8]), $ver: 'planted2' });
            // A counter that moved on vouches for nothing: read, and the expectation fails.
            steps.push(await cas(w('a', 'v3', [3], 'v2', { c: 1 })));
            steps.push(await cas(w('x', 'v1', [1]), w('y', 'v1', [1]), w('z', 'v1', [1])));   // three writes, one bump
            steps.push(await cas(w('x', 'v9', [1], 'nope'), w('q', 'v1', [1], 'nope')));       // nothing applied: no bump
            steps.push(await cas(w('z', undefined, null, '*')));                             // a removal is a write
            const packed = await m.queryRecords(db, 'notes', null, JSON.stringify({ lo: false, uo: false }));
            steps.push(`query c=${packed.c} framed c=${frame(await m.queryRecordsFramed(db, 'notes', null, JSON.stringify({ lo: false, uo: false }))).counter}`);
            // Where it lives: the journal store, under the key "counter".
            const connection = await open(db);
            const stored = await new Promise((resolve, reject) => {
              const request = connection.transaction('$journal:notes').objectStore('$journal:notes').get('counter');
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            });
            connection.close();
            steps.push(`stored=${stored}`);
            return steps.join('\n');
            """);
        Assert.Equal(
            string.Join('\n',
                "c=0",
                "c=1",
                "c=2",
                "c=2 a@v2=2",
                "c=2 a@planted2=8",
                "c=3",
                "c=3 x@v1=1 q:absent",
                "c=4",
                "query c=4 framed c=4",
                "stored=4"),
            result);
    }
}
