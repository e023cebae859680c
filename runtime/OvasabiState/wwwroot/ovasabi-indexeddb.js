// @ts-check
/**
 * IndexedDB: one database per user. Every object store has the key path `$key` (see
 * ovasabi-records.js for the stored objects). The store hashes of the last upgrade are kept in
 * the `$ovasabi` store; when they differ from the app's, the database version is bumped and
 * missing stores and indexes are created (data is kept). Every write batch is one transaction.
 */

import { mapError, storageError } from './ovasabi-errors.js';
import { EMPTY, fromKey, toKey, toRange } from './ovasabi-keys.js';
import { KEY, frame, indexPaths, pack, toObject } from './ovasabi-records.js';

/** @typedef {{name: string, keyPath: string[], unique: boolean, multiEntry: boolean}} IndexDef */
/** @typedef {{name: string, hash: string, indexes: IndexDef[]}} StoreDef */
/** @typedef {import('./ovasabi-records.js').EncodedRecord} EncodedRecord */
/** @typedef {import('./ovasabi-records.js').PackedRecords} PackedRecords */
/** @typedef {import('./ovasabi-keys.js').EncodedKey} EncodedKey */

const META = '$ovasabi';

/** @type {Map<string, Promise<IDBDatabase>>} open connections by database name */
const databases = new Map();

/** @type {Map<string, IDBDatabase>} the same connections once open, so a transaction starts without awaiting a promise */
const opened = new Map();

/** @type {WeakMap<IDBDatabase, Map<string, Map<string, string | string[]>>>} index paths per connection and store (an upgrade makes a new connection) */
const pathCache = new WeakMap();

/**
 * Puts issued per task by {@link writeRecords}: the next slice is issued from the success of the
 * previous slice's last put, so the page's other tasks run in between (a put costs ~30 µs of main
 * thread, so a slice is ~8 ms) while every put stays in the one transaction.
 */
const WRITE_SLICE = 250;

/** Above this many keys, {@link getRecords} first asks which of them exist (one getAllKeys) and reads only those. */
const PROBE_ABOVE = 32;

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

/**
 * @param {IDBTransaction} tx
 * @returns {Promise<void>}
 */
function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request (a unique index refusing a value) fails the transaction; tx.error is set on abort.
    tx.onerror = (event) => reject(tx.error ?? /** @type {IDBRequest} */ (event.target).error);
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/**
 * Opens a connection (creating or upgrading the database when `version` is above the current one).
 * @param {string} name
 * @param {number | undefined} version
 * @param {(db: IDBDatabase, tx: IDBTransaction) => void} [upgrade]
 * @returns {Promise<IDBDatabase>}
 */
function connect(name, version, upgrade) {
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
function forgetAll(name) {
  databases.delete(name);
  opened.delete(name);
}

/**
 * @param {string} name
 * @returns {Promise<IDBDatabase>}
 */
function database(name) {
  return databases.get(name) ?? connect(name, undefined);
}

/**
 * Starts a transaction, mapping a missing store or a closing connection to boundary errors.
 * @param {string} name
 * @param {string} store
 * @param {IDBTransactionMode} mode
 */
async function transaction(name, store, mode) {
  const db = opened.get(name) ?? await database(name);
  try {
    return db.transaction(store, mode);
  } catch (error) {
    // The connection closed under us (versionchange): reconnect once.
    if (/** @type {DOMException} */ (error).name === 'InvalidStateError') {
      forgetAll(name);
      return (await database(name)).transaction(store, mode);
    }
    throw error;
  }
}

/**
 * The index paths of a store, read once per connection (they change only with an upgrade,
 * which opens a new connection).
 * @param {IDBObjectStore} os
 */
function pathsOf(os) {
  const db = os.transaction.db;
  let stores = pathCache.get(db);
  if (!stores) pathCache.set(db, stores = new Map());
  let paths = stores.get(os.name);
  if (!paths) stores.set(os.name, paths = indexPaths(os));
  return paths;
}

/**
 * Waits for every request of a list (one callback each, no promise per request).
 * @param {IDBRequest[]} requests
 * @returns {Promise<void>}
 */
function allCompleted(requests) {
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
 * True when the database has every store with the hash recorded at its last upgrade.
 * @param {IDBDatabase} db
 * @param {StoreDef[]} stores
 */
async function upToDate(db, stores) {
  if (!db.objectStoreNames.contains(META) || stores.some((s) => !db.objectStoreNames.contains(s.name))) return false;
  const recorded = /** @type {Record<string, string> | undefined} */ (
    await completed(db.transaction(META, 'readonly').objectStore(META).get('hashes')));
  return stores.every((s) => recorded?.[s.name] === s.hash);
}

/**
 * Inside `versionchange`: creates missing stores, replaces changed indexes, records the hashes.
 * Stores the app no longer lists are kept, with their data.
 * @param {IDBDatabase} db
 * @param {IDBTransaction} tx
 * @param {StoreDef[]} stores
 */
function upgrade(db, tx, stores) {
  for (const def of stores) {
    const store = db.objectStoreNames.contains(def.name)
      ? tx.objectStore(def.name)
      : db.createObjectStore(def.name, { keyPath: KEY });
    for (const name of Array.from(store.indexNames)) {
      const want = def.indexes.find((i) => i.name === name);
      const have = store.index(name);
      if (!want || have.unique !== want.unique || have.multiEntry !== want.multiEntry ||
          JSON.stringify(have.keyPath) !== JSON.stringify(indexKeyPath(want))) {
        store.deleteIndex(name);
      }
    }
    for (const index of def.indexes) {
      if (!store.indexNames.contains(index.name)) {
        store.createIndex(index.name, indexKeyPath(index), { unique: index.unique, multiEntry: index.multiEntry });
      }
    }
  }

  const meta = db.objectStoreNames.contains(META) ? tx.objectStore(META) : db.createObjectStore(META);
  const previous = meta.get('hashes');
  previous.onsuccess = () => {
    const hashes = { ...(previous.result ?? {}) };
    for (const def of stores) hashes[def.name] = def.hash;
    meta.put(hashes, 'hashes');
  };
}

/** @param {IndexDef} index */
function indexKeyPath(index) {
  return index.keyPath.length === 1 ? index.keyPath[0] : index.keyPath;
}

/**
 * Opens the user's database, upgrading it when the app's store hashes differ from the recorded
 * ones. Resolves true when stores or indexes were created or changed.
 * @param {string} name
 * @param {string} schemaJson StoreDef[] as JSON
 * @returns {Promise<boolean>}
 */
export async function openDatabase(name, schemaJson) {
  /** @type {StoreDef[]} */
  const stores = JSON.parse(schemaJson);
  try {
    let db = await database(name);
    if (await upToDate(db, stores)) return false;
    // Another tab may upgrade at the same moment: open the next version, and try again if it won.
    for (let attempt = 0; attempt < 3; attempt++) {
      const version = db.version + 1;
      db.close();
      forgetAll(name);
      try {
        db = await connect(name, version, (next, tx) => upgrade(next, tx, stores));
      } catch (error) {
        if (/** @type {DOMException} */ (error).name !== 'VersionError' && !String(error).includes('VersionError')) throw error;
        db = await database(name);
      }
      if (await upToDate(db, stores)) return true;
    }
    throw storageError('Failed', `could not upgrade database ${name}: other tabs keep changing it`);
  } catch (error) {
    throw mapError(error, 'Failed');
  }
}

/**
 * Reads one record.
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson EncodedKey as JSON
 * @returns {Promise<PackedRecords>} zero or one record
 */
export async function getRecord(name, store, keyJson) {
  try {
    const os = (await transaction(name, store, 'readonly')).objectStore(store);
    const object = await completed(os.get(toKey(JSON.parse(keyJson))));
    return pack(pathsOf(os), object === undefined ? [] : [object]);
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Reads many records in ONE readonly transaction, every get issued at once. Above a few keys it
 * first asks which of them exist: one getAllKeys over the span of the keys (bounded, so a sparse
 * batch over a big store falls back to plain gets), then gets only those. A bulk write of new
 * records so costs one request, not one per record.
 * @param {string} name
 * @param {string} store
 * @param {string} keysJson EncodedKey[] as JSON
 * @returns {Promise<PackedRecords>} the records found (absent keys are left out)
 */
export async function getRecords(name, store, keysJson) {
  try {
    /** @type {IDBValidKey[]} */
    const keys = JSON.parse(keysJson).map(toKey);
    const os = (await transaction(name, store, 'readonly')).objectStore(store);
    const paths = pathsOf(os);
    if (keys.length === 0) return pack(paths, []);
    let wanted = keys;
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
        wanted = keys.filter((key) => existing.has(keyId(key)));
      }
    }
    const requests = wanted.map((key) => os.get(key));
    await allCompleted(requests);
    return pack(paths, requests.map((request) => request.result).filter((object) => object !== undefined));
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * A text that is equal for equal IndexedDB keys (for set lookups).
 * @param {IDBValidKey} key
 * @returns {string}
 */
function keyId(key) {
  return JSON.stringify(fromKey(key) ?? null);
}

/**
 * Deletes then puts records, all in ONE readwrite transaction: all of it is applied or none.
 * The requests are issued {@link WRITE_SLICE} at a time, each slice from the success of the
 * previous one's last request, so a big batch never blocks the page for long.
 * @param {string} name
 * @param {string} store
 * @param {string} json {p: EncodedRecord[], d: EncodedKey[]} as JSON
 * @param {Uint8Array} bytes the payloads of `p`, concatenated in order
 * @returns {Promise<void>}
 */
export async function writeRecords(name, store, json, bytes) {
  try {
    /** @type {{p: EncodedRecord[], d: EncodedKey[]}} */
    const batch = JSON.parse(json);
    const tx = await transaction(name, store, 'readwrite');
    const done = committed(tx);
    const os = tx.objectStore(store);
    const paths = pathsOf(os);
    const deletes = batch.d.length;
    const total = deletes + batch.p.length;
    let next = 0;
    let offset = 0;
    const issue = () => {
      const end = Math.min(next + WRITE_SLICE, total);
      /** @type {IDBRequest | undefined} */
      let last;
      for (; next < end; next++) {
        if (next < deletes) {
          last = os.delete(toKey(batch.d[next]));
        } else {
          const record = batch.p[next - deletes];
          // slice, not subarray: IndexedDB clones a view with its whole buffer (the batch).
          last = os.put(toObject(paths, record, bytes.slice(offset, offset + record.l)));
          offset += record.l;
        }
      }
      if (next < total && last) last.onsuccess = issue;
    };
    issue();
    await done;
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Records whose key (index null) or index value lies in the range, in key or index order.
 * A multi-entry index yields a record once per matching element, as IndexedDB does.
 * @param {string} name
 * @param {string} store
 * @param {string | null} index
 * @param {string} rangeJson EncodedRange as JSON
 * @returns {Promise<PackedRecords>}
 */
export async function queryRecords(name, store, index, rangeJson) {
  try {
    const os = (await transaction(name, store, 'readonly')).objectStore(store);
    const paths = pathsOf(os);
    const range = toRange(JSON.parse(rangeJson));
    if (range === EMPTY) return pack(paths, []);
    const source = index === null ? os : os.index(index);
    return pack(paths, await completed(source.getAll(range)));
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * {@link getRecord} as one framed byte array (see ovasabi-records.js `frame`), for IJSRuntime.
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson
 * @returns {Promise<Uint8Array>}
 */
export async function getRecordFramed(name, store, keyJson) {
  return frame(await getRecord(name, store, keyJson));
}

/**
 * {@link getRecords} as one framed byte array (see ovasabi-records.js `frame`), for IJSRuntime.
 * @param {string} name
 * @param {string} store
 * @param {string} keysJson
 * @returns {Promise<Uint8Array>}
 */
export async function getRecordsFramed(name, store, keysJson) {
  return frame(await getRecords(name, store, keysJson));
}

/**
 * {@link queryRecords} as one framed byte array (see ovasabi-records.js `frame`), for IJSRuntime.
 * @param {string} name
 * @param {string} store
 * @param {string | null} index
 * @param {string} rangeJson
 * @returns {Promise<Uint8Array>}
 */
export async function queryRecordsFramed(name, store, index, rangeJson) {
  return frame(await queryRecords(name, store, index, rangeJson));
}
