// @ts-check
/**
 * IndexedDB: one database per user. Every object store has the key path `$key` (see
 * ovasabi-records.js for the stored objects). The store hashes of the last upgrade are kept in
 * the `$ovasabi` store; when they differ from the app's, the database version is bumped and
 * missing stores and indexes are created (data is kept). Every write batch is one transaction.
 */

import { mapError, storageError } from './ovasabi-errors.js';
import { EMPTY, toKey, toRange } from './ovasabi-keys.js';
import { KEY, frame, indexPaths, pack, toObject } from './ovasabi-records.js';

/** @typedef {{name: string, keyPath: string[], unique: boolean, multiEntry: boolean}} IndexDef */
/** @typedef {{name: string, hash: string, indexes: IndexDef[]}} StoreDef */
/** @typedef {import('./ovasabi-records.js').EncodedRecord} EncodedRecord */
/** @typedef {import('./ovasabi-records.js').PackedRecords} PackedRecords */
/** @typedef {import('./ovasabi-keys.js').EncodedKey} EncodedKey */

const META = '$ovasabi';

/** @type {Map<string, Promise<IDBDatabase>>} open connections by database name */
const databases = new Map();

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
        if (databases.get(name) === connection) databases.delete(name);
      };
      db.onclose = () => {
        if (databases.get(name) === connection) databases.delete(name);
      };
      resolve(db);
    };
    request.onerror = () => {
      const error = request.error;
      reject(mapError(error, error?.name === 'InvalidStateError' || error?.name === 'UnknownError' ? 'Unavailable' : 'Failed'));
    };
    // onblocked: other tabs hold the old version; they close on versionchange and the open goes on.
  });
  databases.set(name, connection);
  connection.catch(() => {
    if (databases.get(name) === connection) databases.delete(name);
  });
  return connection;
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
  const db = await database(name);
  try {
    return db.transaction(store, mode);
  } catch (error) {
    // The connection closed under us (versionchange): reconnect once.
    if (/** @type {DOMException} */ (error).name === 'InvalidStateError') {
      databases.delete(name);
      return (await database(name)).transaction(store, mode);
    }
    throw error;
  }
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
      databases.delete(name);
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
    const paths = indexPaths(os);
    const object = await completed(os.get(toKey(JSON.parse(keyJson))));
    return pack(paths, object === undefined ? [] : [object]);
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Deletes then puts records, all in ONE readwrite transaction: all of it is applied or none.
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
    const paths = indexPaths(os);
    for (const key of batch.d) os.delete(toKey(key));
    let offset = 0;
    for (const record of batch.p) {
      os.put(toObject(paths, record, bytes.slice(offset, offset + record.l)));
      offset += record.l;
    }
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
    const paths = indexPaths(os);
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
