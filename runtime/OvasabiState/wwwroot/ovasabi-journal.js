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
 * see it), in one transaction that also empties it: all of it or none. Every read and every
 * direct write of the store spreads a non-empty journal first (a write in its own transaction,
 * before its own requests), so nothing ever reads the store without a batch that committed, and
 * a later write never lands under an earlier batch. A tab closed mid-spread aborts that
 * transaction: the journal is still there, and the next read spreads it.
 *
 * The journal also keeps the store's WRITE COUNTER, under the string key {@link COUNTER}: a
 * number bumped by every transaction that writes records of the store (ovasabi-cas.js), read by
 * every read that reports it, in the same transaction. It lives here because every write
 * transaction of the store already covers the journal (no wider scope, so writers of different
 * stores never wait for each other, as they would on one shared store), and it goes with the
 * store's data. Journal entries have autoIncrement (number) keys, and numbers sort before
 * strings, so the entries are {@link entries} (every number) and the counter comes after them:
 * a cursor over the whole journal sees the entries, then the counter. A spread deletes the
 * entries by that range and keeps the counter; it does not bump it (the batch's own transaction
 * did). A store without a counter (new, or written before counters) is at 0.
 *
 * Stores with a unique index never journal: a value the index refuses must fail the write that
 * brings it, not a later spread.
 */

import { fromKey, toKey } from './ovasabi-keys.js';
import { KEY, toObject } from './ovasabi-records.js';

/** @typedef {import('./ovasabi-records.js').EncodedMutation} EncodedMutation */
/** @typedef {{record: EncodedMutation, payload: Uint8Array | null}} StagedMutation a write with its own copy of its payload; null removes the record */
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

/** The journal key of the store's write counter. */
export const COUNTER = 'counter';

/**
 * The journal store of an object store.
 * @param {string} store
 */
export function journalOf(store) {
  return `$journal:${store}`;
}

/**
 * The keys of a journal's entries: every number (the counter's key is a string).
 * @returns {IDBKeyRange}
 */
export function entries() {
  return IDBKeyRange.upperBound(Infinity);
}

/**
 * The counter a stored value gives: absent (a new store, or one written before counters) is 0;
 * anything but a whole number from 0 up was not written here and counts as 0.
 * @param {unknown} value
 * @returns {number}
 */
export function counterOf(value) {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
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
 * Commits writes into the journal of `store` (inside `tx`, readwrite over the store and its
 * journal), up to {@link PACK} per value, in their order: an entry applies its deletes before
 * its puts, so a removal that follows a put starts a new entry.
 * @param {IDBTransaction} tx
 * @param {string} store
 * @param {Map<string, string | string[]>} paths the store's index paths
 * @param {StagedMutation[]} writes
 */
export function journalInto(tx, store, paths, writes) {
  const journal = tx.objectStore(journalOf(store));
  /** @type {number[]} where each entry starts; the last ends at writes.length */
  const starts = [0];
  let puts = 0;
  for (let i = 0; i < writes.length; i++) {
    const removal = writes[i].payload === null;
    if (i > starts[starts.length - 1] && (i - starts[starts.length - 1] === PACK || (removal && puts > 0))) {
      starts.push(i);
      puts = 0;
    }
    if (!removal) puts++;
  }
  issueSliced(tx, starts.length, (n) => {
    /** @type {JournalEntry} */
    const entry = { d: [], p: [] };
    for (let i = starts[n]; i < (starts[n + 1] ?? writes.length); i++) {
      const { record, payload } = writes[i];
      if (payload === null) entry.d.push(toKey(record.k)); else entry.p.push(toObject(paths, record, payload));
    }
    return journal.add(entry);
  }, 2);
}

/**
 * Issues, inside `tx` (readwrite over the store and its journal), every journal entry of `store`
 * in commit order (its deletes, then its puts), then the deletion of the entries (the counter
 * stays). Resolves once all of it is issued (requests issued after that run after it) with the
 * number of entries and the store's write counter, where the same cursor stops: a write learns
 * the counter from the spread it does anyway, with no request or cursor step of its own.
 * @param {IDBTransaction} tx
 * @param {string} store
 * @returns {Promise<{entries: number, counter: number}>}
 */
export function spreadInto(tx, store) {
  const os = tx.objectStore(store);
  const journal = tx.objectStore(journalOf(store));
  return new Promise((resolve, reject) => {
    let count = 0;
    let skipped = 0;
    let counter = 0;
    const finish = () => {
      if (count > 0) journal.delete(entries());
      if (skipped > 0) console.warn(`ovasabi-state: ${skipped} damaged journal item(s) of store ${store} were skipped`);
      resolve({ entries: count, counter });
    };
    const cursor = journal.openCursor();
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) {
        finish();
        return;
      }
      if (typeof at.key !== 'number') {
        // Past every entry (numbers sort first): the counter ends the walk without another step;
        // a key that is not ours before it is skipped; one after it is not ours and stays.
        if (at.key === COUNTER) {
          counter = counterOf(at.value);
          finish();
        } else if (indexedDB.cmp(at.key, COUNTER) < 0) {
          at.continue(COUNTER);
        } else {
          finish();
        }
        return;
      }
      count++;
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
 * The head of a journal, from ONE request: whether it holds entries (its first key is then a
 * number) and, when it does not, the store's write counter (then its first key is the counter's,
 * or there is none). A read learns both beside its own requests.
 * @param {IDBObjectStore} journal
 * @returns {Promise<{entries: boolean, counter: number}>}
 */
export function headOf(journal) {
  return new Promise((resolve, reject) => {
    const request = journal.openCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const at = request.result;
      if (!at) {
        resolve({ entries: false, counter: 0 });
      } else if (typeof at.key === 'number') {
        resolve({ entries: true, counter: -1 });
      } else if (at.key === COUNTER) {
        resolve({ entries: false, counter: counterOf(at.value) });
      } else if (indexedDB.cmp(at.key, COUNTER) < 0) {
        at.continue(COUNTER); // a key that is not ours, before the counter's
      } else {
        resolve({ entries: false, counter: 0 });
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
