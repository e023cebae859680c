// @ts-check
/**
 * The raw-IndexedDB baseline of the /bench page: the same work as OvasabiState's IndexedDB
 * layer, written the way a hand-tuned app would, with no .NET in the loop. Objects have the
 * shape the bench records have (`id`, an indexed `rank`, a `group`, ~150 B of bytes). Every
 * function returns its own timing (performance.now(), 5 µs precise under COOP/COEP), so the
 * interop call that starts it is not counted against the baseline.
 *
 * It also has the untimed chores the .NET suites need on OvasabiState's own database: clearing
 * a store, and the raw read of a store for the hydration anchor.
 */

import { startHeartbeat, stopHeartbeat } from './bench-probe.js';
// The runtime's own module (the same instance .NET imported): for attributing a get's time.
import { getRecordValue } from '../_content/OvasabiState/ovasabi-indexeddb.js';

const STORE = 'items';

/** @type {IDBDatabase | undefined} */
let db;

/**
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
function completed(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** @param {IDBTransaction} tx @returns {Promise<void>} */
function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** @returns {IDBDatabase} */
function opened() {
  if (!db) throw new Error('bench-raw-idb: call open() first');
  return db;
}

/** @param {number} i @param {number} payloadBytes */
function item(i, payloadBytes) {
  const payload = new Uint8Array(payloadBytes);
  for (let b = 0; b < payloadBytes; b++) payload[b] = (i * 31 + b * 7) & 0xff;
  return { id: 'item-' + String(i).padStart(6, '0'), rank: i, group: 'group-' + (i % 10), payload };
}

/**
 * Deletes and recreates the scratch database `name` with one store keyed by `id` and an index on `rank`.
 * @param {string} name
 * @returns {Promise<void>}
 */
export async function open(name) {
  db?.close();
  await completed(indexedDB.deleteDatabase(name));
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    const store = request.result.createObjectStore(STORE, { keyPath: 'id' });
    store.createIndex('rank', 'rank');
  };
  db = await completed(request);
}

/**
 * Closes and deletes the scratch database.
 * @param {string} name
 * @returns {Promise<void>}
 */
export async function remove(name) {
  db?.close();
  db = undefined;
  await completed(indexedDB.deleteDatabase(name));
}

/**
 * Empties the store (untimed), then puts `count` objects in ONE readwrite transaction, one
 * `put()` per object, and waits for the commit.
 * @param {number} count
 * @param {number} payloadBytes
 * @returns {Promise<string>} JSON {ms: total, issueMs: the synchronous put() loop, gapMs: longest main-thread gap}
 */
export async function bulkPut(count, payloadBytes) {
  const database = opened();
  const clear = database.transaction(STORE, 'readwrite');
  clear.objectStore(STORE).clear();
  await committed(clear);

  // The objects are built before the clock starts: .NET's side has its records in hand too.
  const items = Array.from({ length: count }, (_, i) => item(i, payloadBytes));
  startHeartbeat();
  const start = performance.now();
  const tx = database.transaction(STORE, 'readwrite');
  const done = committed(tx);
  const store = tx.objectStore(STORE);
  for (const object of items) store.put(object);
  const issueMs = performance.now() - start;
  await done;
  const ms = performance.now() - start;
  return JSON.stringify({ ms, issueMs, gapMs: stopHeartbeat() });
}

/**
 * Fills the store with `count` objects (ranks 0..count-1), 10,000 per transaction; untimed.
 * @param {number} count
 * @param {number} payloadBytes
 * @returns {Promise<void>}
 */
export async function seed(count, payloadBytes) {
  const database = opened();
  for (let first = 0; first < count; first += 10_000) {
    const tx = database.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (let i = first; i < Math.min(count, first + 10_000); i++) store.put(item(i, payloadBytes));
    await committed(tx);
  }
}

/**
 * `index('rank').getAll(IDBKeyRange.bound(low, high))`: the time, checked against the expected count.
 * @param {number} low
 * @param {number} high
 * @param {number} expected
 * @returns {Promise<number>} ms
 */
export async function rangeQuery(low, high, expected) {
  const start = performance.now();
  const tx = opened().transaction(STORE, 'readonly');
  const found = await completed(tx.objectStore(STORE).index('rank').getAll(IDBKeyRange.bound(low, high)));
  const ms = performance.now() - start;
  if (found.length !== expected) throw new Error(`bench-raw-idb: the range query returned ${found.length} objects, not ${expected}`);
  return ms;
}

/**
 * One get of item `i` in its own readonly transaction, as a lone read in an app is.
 * @param {number} i
 * @returns {Promise<number>} ms
 */
export async function get(i) {
  const start = performance.now();
  const object = await completed(opened().transaction(STORE, 'readonly').objectStore(STORE).get('item-' + String(i).padStart(6, '0')));
  const ms = performance.now() - start;
  if (object === undefined) throw new Error(`bench-raw-idb: item ${i} is missing`);
  return ms;
}

/**
 * Gets of items `first`, `first + step`, ... (`count` of them, modulo `total`) in ONE readonly
 * transaction, every request issued at once: the raw way to read many known keys.
 * @param {number} count
 * @param {number} first
 * @param {number} step
 * @param {number} total
 * @returns {Promise<number>} ms for all of them
 */
export async function getMany(count, first, step, total) {
  const start = performance.now();
  const store = opened().transaction(STORE, 'readonly').objectStore(STORE);
  const found = await Promise.all(Array.from({ length: count }, (_, n) =>
    completed(store.get('item-' + String((first + n * step) % total).padStart(6, '0')))));
  const ms = performance.now() - start;
  if (found.some((object) => object === undefined)) throw new Error('bench-raw-idb: an item of the batch is missing');
  return ms;
}

/**
 * One get of bench item `i` from OvasabiState's store through the runtime's module (the
 * JavaScript half of GetRecordValueAsync), timed in JavaScript: the boundary without .NET.
 * @param {string} name OvasabiState's database
 * @param {string} store
 * @param {number} i
 * @returns {Promise<number>} ms
 */
export async function moduleGet(name, store, i) {
  const keyJson = JSON.stringify({ s: 'item-' + String(i).padStart(6, '0') });
  const start = performance.now();
  const { v } = await getRecordValue(name, store, keyJson);
  const ms = performance.now() - start;
  if (v === null) throw new Error(`bench-raw-idb: item ${i} is missing from ${store}`);
  return ms;
}

/**
 * Empties `store` of database `name` and the batches of its journal (OvasabiState's own
 * database; untimed chore): a batch still in the journal would otherwise be spread into the
 * emptied store by the next read. The store's write counter, kept in the journal under
 * "counter", is bumped, not cleared: emptying is a write, and the runtime trusts a counter it
 * saw to vouch for what it read (a counter back at 0 could meet an old reading again). Opens
 * its own connection without a version, so it never upgrades or blocks the app's connection.
 * @param {string} name
 * @param {string} store
 * @returns {Promise<void>}
 */
export async function clearStore(name, store) {
  const connection = await completed(indexedDB.open(name));
  try {
    if (!connection.objectStoreNames.contains(store)) return;
    const journalName = '$journal:' + store;
    const hasJournal = connection.objectStoreNames.contains(journalName);
    const tx = connection.transaction(hasJournal ? [store, journalName] : [store], 'readwrite');
    tx.objectStore(store).clear();
    if (hasJournal) {
      const journal = tx.objectStore(journalName);
      journal.delete(IDBKeyRange.upperBound(Infinity)); // the batches: number keys
      const counter = journal.get('counter');
      counter.onsuccess = () => journal.put((typeof counter.result === 'number' ? counter.result : 0) + 1, 'counter');
    }
    await committed(tx);
  } finally {
    connection.close();
  }
}

/**
 * The hydration anchor: a new connection to database `name` and `getAll()` of `store`, the
 * objects as IndexedDB returns them (no decoding), then close.
 * @param {string} name
 * @param {string} store
 * @returns {Promise<string>} JSON {ms, count}
 */
export async function readAll(name, store) {
  const start = performance.now();
  const connection = await completed(indexedDB.open(name));
  try {
    const all = await completed(connection.transaction(store, 'readonly').objectStore(store).getAll());
    return JSON.stringify({ ms: performance.now() - start, count: all.length });
  } finally {
    connection.close();
  }
}
