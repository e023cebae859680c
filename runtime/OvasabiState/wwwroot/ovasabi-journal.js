// @ts-check
/**
 * Big write batches, and many requests in one transaction without blocking the page.
 *
 * IndexedDB's cost is per request, not per byte (NOTES.md: 10,000 `put()` calls take ~0.5-1.2 s
 * here however they are issued; the same data packed 100 records per value commits in ~36 ms).
 * So a batch of more than {@link JOURNAL_ABOVE} records is committed into the store's journal,
 * the object store `$journal:<store>`, packed {@link PACK} records per value, in ONE transaction.
 * Once that commits the batch is durable and the write resolves.
 *
 * The journal is then spread into the store (one object per record, so the browser's indexes
 * see it), in one transaction that also empties the journal: all of it or none. Every read and
 * every direct write of the store spreads a non-empty journal first (a write in its own
 * transaction, before its own requests), so nothing ever reads the store without a batch that
 * committed, and a later write never lands under an earlier batch. A tab closed mid-spread
 * aborts that transaction: the journal is still there, and the next read spreads it.
 *
 * Stores with a unique index never journal: a value the index refuses must fail the write that
 * brings it, not a later spread.
 */

import { fromKey, toKey } from './ovasabi-keys.js';
import { KEY, toObject } from './ovasabi-records.js';

/** @typedef {import('./ovasabi-records.js').EncodedRecord} EncodedRecord */
/** @typedef {import('./ovasabi-keys.js').EncodedKey} EncodedKey */
/** @typedef {{record: EncodedRecord, payload: Uint8Array}} StagedPut */
/** @typedef {{d: IDBValidKey[], p: Record<string, unknown>[]}} JournalEntry */

/** Batches with more puts and deletes than this go through the journal. */
export const JOURNAL_ABOVE = 1000;

/**
 * Records per journal value: building and cloning one, and spreading one (a put per record),
 * stay a few ms each. Two values are issued per task, the next two from the first one's
 * success, so IndexedDB always has the next value queued (one per task, each from the previous
 * one's success, left it idle between values: a 10,000-record flush took ~100 ms longer).
 */
const PACK = 125;

/**
 * Requests issued per task: the next slice is issued from the success of the current slice's
 * FIRST request, so the page's other tasks run in between (a put costs ~30 µs of main thread,
 * so a slice is ~8 ms) while IndexedDB always has the rest of the slice queued: issuing from
 * the last request's success let the queue run dry once per slice.
 */
const SLICE = 250;

/**
 * The journal store of an object store.
 * @param {string} store
 */
export function journalOf(store) {
  return `$journal:${store}`;
}

/**
 * Issues `count` requests, {@link SLICE} (or `slice`) per task, all in the transaction of the
 * first. A request that throws while it is issued aborts the transaction, so a batch is never
 * half applied.
 * @param {IDBTransaction} tx
 * @param {number} count
 * @param {(n: number) => IDBRequest} issueOne
 * @param {number} [slice]
 */
export function issueSliced(tx, count, issueOne, slice = SLICE) {
  let next = 0;
  const issue = () => {
    const end = Math.min(next + slice, count);
    /** @type {IDBRequest | undefined} */
    let first;
    try {
      for (; next < end; next++) {
        const request = issueOne(next);
        first ??= request;
      }
    } catch (error) {
      tx.abort();
      throw error;
    }
    if (next < count && first) first.onsuccess = issue;
  };
  issue();
}

/**
 * Commits a batch into the journal of `store` (inside `tx`, readwrite over the store and its
 * journal): the deletes with the first pack, the puts {@link PACK} per value.
 * @param {IDBTransaction} tx
 * @param {string} store
 * @param {Map<string, string | string[]>} paths the store's index paths
 * @param {EncodedKey[]} deletes
 * @param {StagedPut[]} puts
 */
export function journalInto(tx, store, paths, deletes, puts) {
  const journal = tx.objectStore(journalOf(store));
  const packs = Math.max(1, Math.ceil(puts.length / PACK));
  issueSliced(tx, packs, (n) => {
    /** @type {JournalEntry} */
    const entry = { d: n === 0 ? deletes.map(toKey) : [], p: [] };
    for (let i = n * PACK; i < Math.min(puts.length, (n + 1) * PACK); i++) {
      entry.p.push(toObject(paths, puts[i].record, puts[i].payload));
    }
    return journal.add(entry);
  }, 2);
}

/**
 * Issues, inside `tx` (readwrite over the store and its journal), every journal entry of `store`
 * in commit order (its deletes, then its puts), then the journal's clear. Resolves with the
 * number of entries once all of it is issued: requests issued after that run after it.
 * @param {IDBTransaction} tx
 * @param {string} store
 * @returns {Promise<number>}
 */
export function spreadInto(tx, store) {
  const os = tx.objectStore(store);
  const journal = tx.objectStore(journalOf(store));
  return new Promise((resolve, reject) => {
    let entries = 0;
    let skipped = 0;
    const cursor = journal.openCursor();
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) {
        if (entries > 0) journal.clear();
        if (skipped > 0) console.warn(`ovasabi-state: ${skipped} damaged journal item(s) of store ${store} were skipped`);
        resolve(entries);
        return;
      }
      entries++;
      const entry = /** @type {Partial<JournalEntry>} */ (at.value);
      // Asked for before this entry's requests, so the next entry arrives while they run.
      at.continue();
      try {
        // What OvasabiState did not write (a damaged or planted entry) is skipped, not put: one
        // bad value must not keep every later read of the store failing.
        for (const key of Array.isArray(entry?.d) ? entry.d : []) {
          if (fromKey(key) !== undefined) os.delete(key); else skipped++;
        }
        for (const object of Array.isArray(entry?.p) ? entry.p : []) {
          if (object !== null && typeof object === 'object' && fromKey(object[KEY]) !== undefined) os.put(object); else skipped++;
        }
        if (!Array.isArray(entry?.d) || !Array.isArray(entry?.p)) skipped++;
      } catch (error) {
        tx.abort();
        reject(error);
      }
    };
  });
}

/**
 * True when the store has a unique index (such stores never journal).
 * @param {IDBObjectStore} os
 */
export function hasUniqueIndex(os) {
  return Array.from(os.indexNames).some((name) => os.index(name).unique);
}
