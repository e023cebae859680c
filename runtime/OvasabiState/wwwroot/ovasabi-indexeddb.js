// @ts-check
/**
 * IndexedDB: one database per user. Every object store has the key path `$key` (see
 * ovasabi-records.js for the stored objects). The store hashes of the last upgrade are kept in
 * the `$ovasabi` store; when they differ from the app's, the database version is bumped and
 * missing stores and indexes are created (data is kept). Every write batch is one transaction;
 * a big one is committed packed into the store's journal first (see ovasabi-journal.js).
 */

import { announceJournal, hearJournals } from './ovasabi-channel.js';
import { mapError, storageError } from './ovasabi-errors.js';
import { EMPTY, fromKey, toKey, toRange } from './ovasabi-keys.js';
import { KEY, indexPaths, pack, storedBytes, toObject } from './ovasabi-records.js';
import { frameRecords } from './ovasabi-frame.js';
import { JOURNAL_ABOVE, hasUniqueIndex, issueSliced, journalInto, journalOf, spreadInto } from './ovasabi-journal.js';

/** @typedef {{name: string, keyPath: string[], unique: boolean, multiEntry: boolean}} IndexDef */
/** @typedef {{name: string, hash: string, indexes: IndexDef[]}} StoreDef */
/** @typedef {import('./ovasabi-records.js').EncodedRecord} EncodedRecord */
/** @typedef {import('./ovasabi-records.js').PackedRecords} PackedRecords */
/** @typedef {import('./ovasabi-keys.js').EncodedKey} EncodedKey */
/** @typedef {import('./ovasabi-journal.js').StagedPut} StagedPut */

const META = '$ovasabi';

/** @type {Map<string, Promise<IDBDatabase>>} open connections by database name */
const databases = new Map();

/** @type {Map<string, IDBDatabase>} the same connections once open, so a transaction starts without awaiting a promise */
const opened = new Map();

/** @type {WeakMap<IDBDatabase, Map<string, Map<string, string | string[]>>>} index paths per connection and store (an upgrade makes a new connection) */
const pathCache = new WeakMap();

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
 * What a transaction on a store covers: for a write, the store and its journal when the database
 * has one (every store opened by openDatabase does); a read has spread the journal first and
 * reads the store alone.
 * @param {IDBDatabase} db
 * @param {string} store
 * @param {IDBTransactionMode} mode
 */
function scopeOf(db, store, mode) {
  const journal = journalOf(store);
  return mode === 'readwrite' && db.objectStoreNames.contains(journal) ? [store, journal] : store;
}

/**
 * Starts a transaction over a store (and its journal, for a write), mapping a missing store or a closing
 * connection to boundary errors.
 * @param {string} name
 * @param {string} store
 * @param {IDBTransactionMode} mode
 */
async function transaction(name, store, mode) {
  const db = opened.get(name) ?? await database(name);
  try {
    return db.transaction(scopeOf(db, store, mode), mode);
  } catch (error) {
    // The connection closed under us (versionchange): reconnect once.
    if (/** @type {DOMException} */ (error).name === 'InvalidStateError') {
      forgetAll(name);
      const fresh = await database(name);
      return fresh.transaction(scopeOf(fresh, store, mode), mode);
    }
    throw error;
  }
}

/**
 * @param {IDBTransaction} tx
 * @param {string} store
 */
function hasJournal(tx, store) {
  return tx.objectStoreNames.contains(journalOf(store));
}

/**
 * @param {string} name
 * @param {string} store
 */
function storeId(name, store) {
  return `${name}\u0000${store}`;
}

/**
 * Stores whose journal may hold entries, by database and store: learned at open (a census of
 * the journals), from this tab's own journaled writes, and from other tabs' notices. The value
 * is a generation, so a spread forgets a store only if no notice came while it ran. Reads check
 * this map instead of counting the journal in every transaction.
 * @type {Map<string, number>}
 */
const journaled = new Map();
let generation = 0;

/**
 * @param {string} name
 * @param {string} store
 */
function markJournaled(name, store) {
  journaled.set(storeId(name, store), ++generation);
}

hearJournals(markJournaled);

/** @type {Map<string, Promise<void>>} spreads of a journal running in this tab, by database and store */
const spreading = new Map();

/**
 * Spreads the journal of a store into it (see ovasabi-journal.js), in its own transaction; a
 * spread already running in this tab is joined.
 * @param {string} name
 * @param {string} store
 * @returns {Promise<void>}
 */
function spread(name, store) {
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
 * Runs a read in a readonly transaction that sees every committed batch this tab knows of: a
 * journal that may hold entries is spread first (a failing spread fails the read: the batch is
 * kept in the journal, and reading around it would serve older records).
 * @template T
 * @param {string} name
 * @param {string} store
 * @param {(os: IDBObjectStore) => Promise<T>} read issues its requests before its first await
 * @returns {Promise<T>}
 */
async function reading(name, store, read) {
  const id = storeId(name, store);
  const own = spreading.get(id);
  if (own) await own.catch(() => undefined);
  if (journaled.has(id)) await spread(name, store);
  const tx = await transaction(name, store, 'readonly');
  return await read(tx.objectStore(store));
}

/**
 * Learns which of the stores' journals hold entries (left by a tab closed before their spread).
 * @param {string} name
 * @param {StoreDef[]} stores
 */
async function census(name, stores) {
  const db = await database(name);
  const present = stores.map((s) => s.name).filter((store) => db.objectStoreNames.contains(journalOf(store)));
  if (present.length === 0) return;
  const tx = db.transaction(present.map(journalOf), 'readonly');
  const counts = await Promise.all(present.map((store) => completed(tx.objectStore(journalOf(store)).count())));
  present.forEach((store, i) => { if (counts[i] > 0) markJournaled(name, store); });
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
  if (!db.objectStoreNames.contains(META) ||
      stores.some((s) => !db.objectStoreNames.contains(s.name) || !db.objectStoreNames.contains(journalOf(s.name)))) return false;
  const recorded = /** @type {Record<string, string> | undefined} */ (
    await completed(db.transaction(META, 'readonly').objectStore(META).get('hashes')));
  return stores.every((s) => recorded?.[s.name] === s.hash);
}

/**
 * Inside `versionchange`: creates missing stores (each with its journal), replaces changed
 * indexes, records the hashes.
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
    if (!db.objectStoreNames.contains(journalOf(def.name))) db.createObjectStore(journalOf(def.name), { autoIncrement: true });
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
    if (await upToDate(db, stores)) {
      await census(name, stores);
      return false;
    }
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
      if (await upToDate(db, stores)) {
        await census(name, stores);
        return true;
      }
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
export function getRecord(name, store, keyJson) {
  return readOne(name, store, keyJson, pack);
}

/**
 * @template R
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson
 * @param {(paths: Map<string, string | string[]>, objects: any[]) => R} shape
 * @returns {Promise<R>}
 */
async function readOne(name, store, keyJson, shape) {
  try {
    const key = toKey(JSON.parse(keyJson));
    return await reading(name, store, async (os) => {
      const object = await completed(os.get(key));
      return shape(pathsOf(os), object === undefined ? [] : [object]);
    });
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Reads one record's stored bytes alone: no index values and no JSON on the way back, which is
 * all a store needs to hydrate a key (the cold single get).
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson EncodedKey as JSON
 * @returns {Promise<{v: Uint8Array | null}>} null when absent; empty bytes when the stored value is not bytes (.NET reports it as corrupt)
 */
export function getRecordValue(name, store, keyJson) {
  return readOne(name, store, keyJson, (_, objects) => ({ v: objects.length === 0 ? null : storedBytes(objects[0]) }));
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
export function getRecords(name, store, keysJson) {
  return readMany(name, store, keysJson, pack);
}

/**
 * @template R
 * @param {string} name
 * @param {string} store
 * @param {string} keysJson
 * @param {(paths: Map<string, string | string[]>, objects: any[]) => R} shape
 * @returns {Promise<R>}
 */
async function readMany(name, store, keysJson, shape) {
  try {
    /** @type {IDBValidKey[]} */
    const keys = JSON.parse(keysJson).map(toKey);
    return await reading(name, store, async (os) => {
      const paths = pathsOf(os);
      if (keys.length === 0) return shape(paths, []);
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
      return shape(paths, requests.map((request) => request.result).filter((object) => object !== undefined));
    });
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
 * The puts of a batch, each with its own copy of its payload.
 * @param {EncodedRecord[]} records
 * @param {Uint8Array} bytes the payloads, concatenated in order
 * @returns {StagedPut[]}
 */
function sliced(records, bytes) {
  let offset = 0;
  return records.map((record) => {
    // slice, not subarray: IndexedDB clones a view with its whole buffer (the batch).
    const payload = bytes.slice(offset, offset + record.l);
    offset += record.l;
    return { record, payload };
  });
}

/**
 * Deletes then puts records, all in ONE readwrite transaction: all of it is applied or none.
 * A batch of more than JOURNAL_ABOVE records is committed packed into the store's journal and
 * spread into the store in the background (see ovasabi-journal.js); a smaller one first
 * spreads whatever the journal holds, then issues its own requests, a slice per task.
 * @param {string} name
 * @param {string} store
 * @param {EncodedKey[]} deletes
 * @param {StagedPut[]} puts
 * @returns {Promise<void>}
 */
async function write(name, store, deletes, puts) {
  const tx = await transaction(name, store, 'readwrite');
  const done = committed(tx);
  const os = tx.objectStore(store);
  const paths = pathsOf(os);
  const total = deletes.length + puts.length;
  if (hasJournal(tx, store) && total > JOURNAL_ABOVE && !hasUniqueIndex(os)) {
    journalInto(tx, store, paths, deletes, puts);
    await done;
    // Durable now. Other tabs hear of it before the flush's change messages; readers here and
    // there spread it themselves if they come before the background spread.
    markJournaled(name, store);
    announceJournal(name, store);
    spread(name, store).catch(() => undefined);
    return;
  }

  if (hasJournal(tx, store)) await spreadInto(tx, store);
  issueSliced(tx, total, (n) => n < deletes.length
    ? os.delete(toKey(deletes[n]))
    : os.put(toObject(paths, puts[n - deletes.length].record, puts[n - deletes.length].payload)));
  await done;
}

/**
 * Deletes then puts records in one transaction (see {@link write}).
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
    await write(name, store, batch.d, sliced(batch.p, bytes));
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Batches staged by {@link stageRecords}, by {@link stagedId}, until {@link commitStaged} or
 * {@link discardStaged} takes them.
 * @type {Map<string, StagedPut[]>}
 */
const staged = new Map();

/**
 * @param {string} name
 * @param {string} store
 * @param {string} batchId
 */
function stagedId(name, store, batchId) {
  return `${name}\u0000${store}\u0000${batchId}`;
}

/**
 * Resolves in a new task: a message, not a timeout, because Chromium clamps nested timeouts to
 * 4 ms and a 10,000-record flush yields 20 times or more.
 * @type {() => Promise<void>}
 */
export const nextTask = (() => {
  /** @type {(() => void)[]} */
  const waiting = [];
  /** @type {MessageChannel | undefined} */
  let channel;
  return () => new Promise((resolve) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(() => resolve());
    channel.port2.postMessage(null);
  });
})();

/**
 * Adds one chunk of puts to a staged batch; nothing is written until {@link commitStaged}.
 * .NET stages a big flush chunk by chunk, encoding the next chunk in a later task, so the page
 * runs in between; an IndexedDB transaction cannot stay open across those tasks, hence the
 * staging. Resolves in a new task.
 * @param {string} name
 * @param {string} store
 * @param {string} batchId the caller's id for the batch, unique in this page
 * @param {string} json {p: EncodedRecord[]} as JSON (a `d` is ignored: deletes come with the commit)
 * @param {Uint8Array} bytes the payloads of `p`, concatenated in order
 * @returns {Promise<void>}
 */
export async function stageRecords(name, store, batchId, json, bytes) {
  try {
    /** @type {{p: EncodedRecord[]}} */
    const chunk = JSON.parse(json);
    const id = stagedId(name, store, batchId);
    const puts = staged.get(id);
    if (puts) {
      for (const put of sliced(chunk.p, bytes)) puts.push(put);
    } else {
      staged.set(id, sliced(chunk.p, bytes));
    }
  } catch (error) {
    throw mapError(error);
  }
  await nextTask();
}

/**
 * Deletes `deleteJson`'s keys and puts every staged chunk of the batch, in ONE transaction (see
 * {@link write}). The staged batch is dropped whether the transaction commits or fails.
 * @param {string} name
 * @param {string} store
 * @param {string} batchId
 * @param {string} deleteJson EncodedKey[] as JSON
 * @returns {Promise<void>}
 */
export async function commitStaged(name, store, batchId, deleteJson) {
  const id = stagedId(name, store, batchId);
  const puts = staged.get(id) ?? [];
  staged.delete(id);
  try {
    await write(name, store, JSON.parse(deleteJson), puts);
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Drops a staged batch without writing it (the caller failed between chunks). No-op when absent.
 * @param {string} name
 * @param {string} store
 * @param {string} batchId
 */
export function discardStaged(name, store, batchId) {
  staged.delete(stagedId(name, store, batchId));
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
export function queryRecords(name, store, index, rangeJson) {
  return query(name, store, index, rangeJson, pack);
}

/**
 * @template R
 * @param {string} name
 * @param {string} store
 * @param {string | null} index
 * @param {string} rangeJson
 * @param {(paths: Map<string, string | string[]>, objects: any[]) => R} shape
 * @returns {Promise<R>}
 */
async function query(name, store, index, rangeJson, shape) {
  try {
    const range = toRange(JSON.parse(rangeJson));
    return await reading(name, store, async (os) => {
      const paths = pathsOf(os);
      if (range === EMPTY) return shape(paths, []);
      const source = index === null ? os : os.index(index);
      return shape(paths, await completed(source.getAll(range)));
    });
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * {@link getRecord} as one binary frame (see ovasabi-frame.js), for IJSRuntime, which carries a
 * Uint8Array result as bytes.
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson
 * @returns {Promise<Uint8Array>}
 */
export function getRecordFramed(name, store, keyJson) {
  return readOne(name, store, keyJson, frameRecords);
}

/**
 * {@link getRecords} as one binary frame, for IJSRuntime.
 * @param {string} name
 * @param {string} store
 * @param {string} keysJson
 * @returns {Promise<Uint8Array>}
 */
export function getRecordsFramed(name, store, keysJson) {
  return readMany(name, store, keysJson, frameRecords);
}

/**
 * {@link queryRecords} as one binary frame, for IJSRuntime.
 * @param {string} name
 * @param {string} store
 * @param {string | null} index
 * @param {string} rangeJson
 * @returns {Promise<Uint8Array>}
 */
export function queryRecordsFramed(name, store, index, rangeJson) {
  return query(name, store, index, rangeJson, frameRecords);
}

/**
 * The frame in an object, `{ b }`: what [JSImport] can take from a promise
 * (JSObject.GetPropertyAsByteArray).
 * @param {Map<string, string | string[]>} paths
 * @param {any[]} objects
 */
function boxedFrame(paths, objects) {
  return { b: frameRecords(paths, objects) };
}

/**
 * {@link getRecord} as `{ b: frame }`, for [JSImport].
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson
 */
export function getRecordFrame(name, store, keyJson) {
  return readOne(name, store, keyJson, boxedFrame);
}

/**
 * {@link getRecords} as `{ b: frame }`, for [JSImport].
 * @param {string} name
 * @param {string} store
 * @param {string} keysJson
 */
export function getRecordsFrame(name, store, keysJson) {
  return readMany(name, store, keysJson, boxedFrame);
}

/**
 * {@link queryRecords} as `{ b: frame }`, for [JSImport].
 * @param {string} name
 * @param {string} store
 * @param {string | null} index
 * @param {string} rangeJson
 */
export function queryRecordsFrame(name, store, index, rangeJson) {
  return query(name, store, index, rangeJson, boxedFrame);
}
