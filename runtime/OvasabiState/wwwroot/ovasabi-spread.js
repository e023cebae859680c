// @ts-check
/**
 * When a journal is spread (see ovasabi-journal.js), so that no read misses a batch that
 * committed: which stores' journals may hold entries (learned at open, from this tab's own
 * journaled writes and from other tabs' notices), the spread itself, and the readonly
 * transaction every read runs in, which spreads first when it must and reports the store's
 * write counter.
 *
 * A counter vouches for the records read with it: a writer that read a record at counter c and
 * finds the counter still c writes without reading it again (ovasabi-cas.js). So a read must
 * never report a counter beside records that miss a committed batch. A notice from another tab
 * can come after its batch, so every counted read also looks at the journal's head in its own
 * transaction: a journal holding entries means the read may have missed some, and it is done
 * again after a spread (or, when other tabs keep journaling, reported with no counter, -1).
 */

import { hearJournals } from './ovasabi-channel.js';
import { committed, completed, database, hasJournal, pathsOf, storeId, transaction } from './ovasabi-idb.js';
import { entries, headOf, journalOf, spreadInto } from './ovasabi-journal.js';

/**
 * Stores whose journal may hold entries, by database and store. The value is a generation, so a
 * spread forgets a store only if no notice came while it ran. Reads check this map instead of
 * spreading in every transaction.
 * @type {Map<string, number>}
 */
const journaled = new Map();
let generation = 0;

/** Reads that found entries this many times in a row give up on a counter (another tab keeps journaling). */
const READ_ATTEMPTS = 3;

/**
 * Notes that the journal of a store may hold entries: the next read spreads it first.
 * @param {string} name
 * @param {string} store
 */
export function markJournaled(name, store) {
  journaled.set(storeId(name, store), ++generation);
}

hearJournals(markJournaled);

/** @type {Map<string, Promise<void>>} spreads of a journal running in this tab, by database and store */
const spreading = new Map();

/**
 * Spreads the journal of a store into it, in its own transaction; a spread already running in
 * this tab is joined. It writes no new record, so it does not bump the counter.
 * @param {string} name
 * @param {string} store
 * @returns {Promise<void>}
 */
export function spread(name, store) {
  const id = storeId(name, store);
  let running = spreading.get(id);
  if (!running) {
    running = (async () => {
      const seen = journaled.get(id);
      const tx = await transaction(name, store, 'readwrite');
      const done = committed(tx);
      if (hasJournal(tx, store)) await spreadInto(tx, store);
      await done;
      if (journaled.get(id) === seen) journaled.delete(id);
    })().finally(() => spreading.delete(id));
    spreading.set(id, running);
  }
  return running;
}

/**
 * Runs a read in a readonly transaction that sees every committed batch: a journal this tab
 * knows may hold entries is spread first (a failing spread fails the read: the batch is kept in
 * the journal, and reading around it would serve older records); with `counted`, the journal's
 * head is read in the same transaction, giving the counter, and a journal found holding entries
 * sends the read round again.
 * @template T
 * @param {string} name
 * @param {string} store
 * @param {(os: IDBObjectStore) => Promise<T>} read issues its requests before its first await
 * @param {boolean} [counted] false: the store alone is read, no counter (the value-only get)
 * @returns {Promise<{value: T, counter: number, paths: Map<string, string | string[]>}>}
 */
export async function reading(name, store, read, counted = true) {
  const id = storeId(name, store);
  for (let attempt = 1; ; attempt++) {
    const own = spreading.get(id);
    if (own) await own.catch(() => undefined);
    if (journaled.has(id)) await spread(name, store);
    const tx = await transaction(name, store, 'readonly', counted);
    const os = tx.objectStore(store);
    const paths = pathsOf(os);
    const head = counted && hasJournal(tx, store) ? headOf(tx.objectStore(journalOf(store))) : null;
    const [value, seen] = await Promise.all([read(os), head]);
    if (!seen) return { value, counter: -1, paths };
    if (!seen.entries) return { value, counter: seen.counter, paths };
    // A batch committed that this tab had not heard of (its notice is on the way).
    markJournaled(name, store);
    if (attempt >= READ_ATTEMPTS) return { value, counter: -1, paths };
  }
}

/**
 * Learns which of the stores' journals hold entries (left by a tab closed before their spread).
 * @param {string} name
 * @param {string[]} stores
 */
export async function census(name, stores) {
  const db = await database(name);
  const present = stores.filter((store) => db.objectStoreNames.contains(journalOf(store)));
  if (present.length === 0) return;
  const tx = db.transaction(present.map(journalOf), 'readonly');
  const counts = await Promise.all(present.map((store) => completed(tx.objectStore(journalOf(store)).count(entries()))));
  present.forEach((store, i) => { if (counts[i] > 0) markJournaled(name, store); });
}
