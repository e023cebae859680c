// @ts-check
/**
 * IndexedDB plumbing shared by the reading, writing and schema modules: requests as promises,
 * the open connections (one per database, reconnected after another tab's upgrade), the
 * transactions over a store (and its journal, where the store's write counter lives: see
 * ovasabi-journal.js), the index paths of a store, and many gets issued at once.
 */

import { mapError, storageError } from './ovasabi-errors.js';
import { fromKey } from './ovasabi-keys.js';
import { indexPaths } from './ovasabi-records.js';
import { journalOf } from './ovasabi-journal.js';

/** @type {Map<string, Promise<IDBDatabase>>} open connections by database name */
const databases = new Map();

/** @type {Map<string, IDBDatabase>} the same connections once open, so a transaction starts without awaiting a promise */
const opened = new Map();

/** @type {WeakMap<IDBDatabase, Map<string, Map<string, string | string[]>>>} index paths per connection and store (an upgrade makes a new connection) */
const pathCache = new WeakMap();

/** Above this many keys, {@link getObjects} first asks which of them exist (one getAllKeys) and reads only those. */
const PROBE_ABOVE = 32;

/**
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
export function completed(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * @param {IDBTransaction} tx
 * @returns {Promise<void>}
 */
export function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request (a unique index refusing a value) fails the transaction; tx.error is set on abort.
    tx.onerror = (event) => reject(tx.error ?? /** @type {IDBRequest} */ (event.target).error);
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/**
 * Waits for every request of a list (one callback each, no promise per request).
 * @param {IDBRequest[]} requests
 * @returns {Promise<void>}
 */
export function allCompleted(requests) {
  return new Promise((resolve, reject) => {
    let left = requests.length;
    if (left === 0) resolve();
    for (const request of requests) {
      request.onsuccess = () => { if (--left === 0) resolve(); };
      request.onerror = () => reject(request.error);
    }
  });
}

/**
 * Opens a connection (creating or upgrading the database when `version` is above the current one).
 * @param {string} name
 * @param {number | undefined} version
 * @param {(db: IDBDatabase, tx: IDBTransaction) => void} [upgrade]
 * @returns {Promise<IDBDatabase>}
 */
export function connect(name, version, upgrade) {
  const connection = new Promise((resolve, reject) => {
    /** @type {IDBOpenDBRequest} */
    let request;
    try {
      if (!globalThis.indexedDB) throw storageError('Unavailable', 'IndexedDB is not available');
      request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    } catch (error) {
      reject(mapError(error, 'Unavailable'));
      return;
    }

    request.onupgradeneeded = () => {
      try {
        upgrade?.(request.result, /** @type {IDBTransaction} */ (request.transaction));
      } catch (error) {
        request.transaction?.abort();
        reject(mapError(error));
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrades the schema: let it, and reconnect on the next call.
      db.onversionchange = () => {
        db.close();
        forget(name, connection);
      };
      db.onclose = () => forget(name, connection);
      if (databases.get(name) === connection) opened.set(name, db);
      resolve(db);
    };
    request.onerror = () => {
      const error = request.error;
      reject(mapError(error, error?.name === 'InvalidStateError' || error?.name === 'UnknownError' ? 'Unavailable' : 'Failed'));
    };
    // onblocked: other tabs hold the old version; they close on versionchange and the open goes on.
  });
  databases.set(name, connection);
  opened.delete(name);
  connection.catch(() => forget(name, connection));
  return connection;
}

/**
 * Drops a connection from the caches when it is still the current one.
 * @param {string} name
 * @param {Promise<IDBDatabase>} connection
 */
function forget(name, connection) {
  if (databases.get(name) !== connection) return;
  databases.delete(name);
  opened.delete(name);
}

/**
 * Drops whatever connection is cached for a name.
 * @param {string} name
 */
export function forgetAll(name) {
  databases.delete(name);
  opened.delete(name);
}

/**
 * The connection to a database, opened without a version (no upgrade) when none is cached.
 * @param {string} name
 * @returns {Promise<IDBDatabase>}
 */
export function database(name) {
  return databases.get(name) ?? connect(name, undefined);
}

/**
 * What a transaction on a store covers: the store, and its journal when asked and the database
 * has one (every store opened by openDatabase does). Writes need the journal (spreading it, the
 * counter); reads that report the counter need it too; the value-only get does not.
 * @param {IDBDatabase} db
 * @param {string} store
 * @param {boolean} withJournal
 */
function scopeOf(db, store, withJournal) {
  const journal = journalOf(store);
  return withJournal && db.objectStoreNames.contains(journal) ? [store, journal] : store;
}

/**
 * Starts a transaction over a store (and its journal), mapping a closing connection to a
 * reconnect; a missing store throws NotFoundError, which the callers map.
 * @param {string} name
 * @param {string} store
 * @param {IDBTransactionMode} mode
 * @param {boolean} [withJournal] false for a read that needs neither the journal nor the counter
 */
export async function transaction(name, store, mode, withJournal = true) {
  const db = opened.get(name) ?? await database(name);
  try {
    return db.transaction(scopeOf(db, store, withJournal), mode);
  } catch (error) {
    // The connection closed under us (versionchange): reconnect once.
    if (/** @type {DOMException} */ (error).name === 'InvalidStateError') {
      forgetAll(name);
      const fresh = await database(name);
      return fresh.transaction(scopeOf(fresh, store, withJournal), mode);
    }
    throw error;
  }
}

/**
 * True when the transaction covers the journal of `store`.
 * @param {IDBTransaction} tx
 * @param {string} store
 */
export function hasJournal(tx, store) {
  return tx.objectStoreNames.contains(journalOf(store));
}

/**
 * An id for a store of a database, for maps.
 * @param {string} name
 * @param {string} store
 */
export function storeId(name, store) {
  return `${name}\u0000${store}`;
}

/**
 * The index paths of a store, read once per connection (they change only with an upgrade,
 * which opens a new connection). Call it while the transaction is active.
 * @param {IDBObjectStore} os
 */
export function pathsOf(os) {
  const db = os.transaction.db;
  let stores = pathCache.get(db);
  if (!stores) pathCache.set(db, stores = new Map());
  let paths = stores.get(os.name);
  if (!paths) stores.set(os.name, paths = indexPaths(os));
  return paths;
}

/**
 * A text that is equal for equal IndexedDB keys (for set lookups).
 * @param {IDBValidKey} key
 * @returns {string}
 */
export function keyId(key) {
  return JSON.stringify(fromKey(key) ?? null);
}

/**
 * The stored objects under `keys` (undefined where nothing is stored), in the keys' order, all
 * read in the store's transaction with every get issued at once. Above a few keys it first asks
 * which of them exist: one getAllKeys over the span of the keys (bounded, so a sparse batch over
 * a big store falls back to plain gets), then gets only those. A batch of new records so costs
 * one request, not one per record.
 * @param {IDBObjectStore} os
 * @param {IDBValidKey[]} keys
 * @returns {Promise<any[]>}
 */
export async function getObjects(os, keys) {
  /** @type {any[]} */
  const objects = new Array(keys.length).fill(undefined);
  if (keys.length === 0) return objects;
  /** @type {number[]} */
  let wanted = keys.map((_, i) => i);
  if (keys.length > PROBE_ABOVE) {
    let low = keys[0];
    let high = keys[0];
    for (const key of keys) {
      if (indexedDB.cmp(key, low) < 0) low = key;
      if (indexedDB.cmp(key, high) > 0) high = key;
    }
    const limit = keys.length * 4;
    const present = await completed(os.getAllKeys(IDBKeyRange.bound(low, high), limit));
    if (present.length < limit) {
      const existing = new Set(present.map(keyId));
      wanted = wanted.filter((i) => existing.has(keyId(keys[i])));
    }
  }
  const requests = wanted.map((i) => os.get(keys[i]));
  await allCompleted(requests);
  wanted.forEach((i, n) => { objects[i] = requests[n].result; });
  return objects;
}
