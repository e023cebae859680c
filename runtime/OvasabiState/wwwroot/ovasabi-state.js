// @ts-check
/**
 * OvasabiState's browser boundary (IBrowserStorage), called from .NET through [JSImport]
 * (Browser/BrowserInterop.cs); served as `_content/OvasabiState/ovasabi-state.js`.
 *
 * - IndexedDB: one database per user. Every object store has the key path `$key`; a stored
 *   object is `{ $key, $value: Uint8Array, ...indexed members as plain properties }`, so the
 *   browser's own indexes (compound and multi-entry included) work on it. The store hashes of
 *   the last upgrade are kept in the `$ovasabi` store; when they differ from the app's, the
 *   database version is bumped and missing stores and indexes are created (data is kept).
 * - Web Storage: get, batched set/remove, keys by prefix.
 * - BroadcastChannel `ovasabi-state` to the other tabs; online/offline and page hide to .NET.
 *
 * Keys cross the boundary as compact JSON: {"n":1} number ("Infinity"/"-Infinity" as strings),
 * {"d":ms} date, {"s":"x"} string, {"a":[...]} array. Payloads cross as byte arrays.
 * Failures are thrown as Error("[ovs:Code] detail") with Code one of Unavailable,
 * QuotaExceeded, Failed; .NET turns them into StorageException.
 */

/** @typedef {{n: number | string} | {d: number} | {s: string} | {a: EncodedKey[]}} EncodedKey */
/** @typedef {{name: string, keyPath: string[], unique: boolean, multiEntry: boolean}} IndexDef */
/** @typedef {{name: string, hash: string, indexes: IndexDef[]}} StoreDef */
/** @typedef {{l?: EncodedKey, u?: EncodedKey, lo: boolean, uo: boolean}} EncodedRange */
/** @typedef {{k: EncodedKey, i: Record<string, EncodedKey>, l: number}} EncodedRecord */
/** @typedef {{json: string, bytes: Uint8Array}} PackedRecords */
/** @typedef {{OnEnvironment(kind: number): void, OnMessage(store: string, key: string, origin: string, hash: string): void}} DotnetEvents */

const KEY = '$key';
const VALUE = '$value';
const META = '$ovasabi';
const CHANNEL = 'ovasabi-state';
const EMPTY = Symbol('empty range');

// ---------------------------------------------------------------- errors

/**
 * An error .NET maps to a StorageException.
 * @param {'Unavailable' | 'QuotaExceeded' | 'Failed'} code
 * @param {string} detail
 */
function storageError(code, detail) {
  return new Error(`[ovs:${code}] ${detail}`);
}

/**
 * Maps a DOMException (or anything thrown) to a boundary error.
 * @param {unknown} error
 * @param {'Unavailable' | 'Failed'} otherwise the code for errors that are neither quota nor security
 */
function mapError(error, otherwise = 'Failed') {
  const e = /** @type {{name?: string, message?: string}} */ (error ?? {});
  if (typeof e.message === 'string' && e.message.startsWith('[ovs:')) return error;
  const code = e.name === 'QuotaExceededError' ? 'QuotaExceeded' : e.name === 'SecurityError' ? 'Unavailable' : otherwise;
  return storageError(code, `${e.name ?? 'Error'}: ${e.message ?? String(error)}`);
}

// ---------------------------------------------------------------- keys

/**
 * @param {EncodedKey} k
 * @returns {IDBValidKey}
 */
function toKey(k) {
  if ('s' in k) return k.s;
  if ('n' in k) return Number(k.n);
  if ('d' in k) return new Date(k.d);
  if ('a' in k) return k.a.map(toKey);
  throw storageError('Failed', `not an encoded key: ${JSON.stringify(k)}`);
}

/**
 * @param {unknown} v an IndexedDB key
 * @returns {EncodedKey | undefined} undefined for a value that is not a key OvasabiState writes
 */
function fromKey(v) {
  if (typeof v === 'string') return { s: v };
  if (typeof v === 'number') return { n: Number.isFinite(v) ? v : String(v) };
  if (v instanceof Date) return { d: v.getTime() };
  if (Array.isArray(v)) {
    const items = v.map(fromKey);
    return items.every((i) => i !== undefined) ? { a: /** @type {EncodedKey[]} */ (items) } : undefined;
  }
  return undefined;
}

/**
 * Dates in IndexedDB hold whole milliseconds. A bound with a fractional date is made inclusive,
 * so the range can only grow; .NET checks every value against the exact range afterwards.
 * @param {EncodedKey | undefined} k
 * @returns {boolean}
 */
function hasFractionalDate(k) {
  if (k === undefined) return false;
  if ('d' in k) return !Number.isInteger(k.d);
  if ('a' in k) return k.a.some(hasFractionalDate);
  return false;
}

/**
 * @param {EncodedRange} r
 * @returns {IDBKeyRange | undefined | typeof EMPTY} undefined for every key, EMPTY when no key can match
 */
function toRange(r) {
  const lower = r.l === undefined ? undefined : toKey(r.l);
  const upper = r.u === undefined ? undefined : toKey(r.u);
  const lowerOpen = r.lo && !hasFractionalDate(r.l);
  const upperOpen = r.uo && !hasFractionalDate(r.u);
  try {
    if (lower !== undefined && upper !== undefined) return IDBKeyRange.bound(lower, upper, lowerOpen, upperOpen);
    if (lower !== undefined) return IDBKeyRange.lowerBound(lower, lowerOpen);
    if (upper !== undefined) return IDBKeyRange.upperBound(upper, upperOpen);
    return undefined;
  } catch (error) {
    // lower > upper (or equal with an open bound): IndexedDB refuses such a range; nothing matches it.
    if (/** @type {DOMException} */ (error).name === 'DataError') return EMPTY;
    throw error;
  }
}

// ---------------------------------------------------------------- IndexedDB

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
 * The key path of every index of a store, by index name.
 * @param {IDBObjectStore} store
 * @returns {Map<string, string | string[]>}
 */
function indexPaths(store) {
  return new Map(Array.from(store.indexNames, (name) => [name, store.index(name).keyPath]));
}

/**
 * Packs stored objects for .NET: keys and index values as JSON, payloads concatenated.
 * @param {Map<string, string | string[]>} paths
 * @param {any[]} objects
 * @returns {PackedRecords}
 */
function pack(paths, objects) {
  /** @type {EncodedRecord[]} */
  const records = [];
  /** @type {Uint8Array[]} */
  const values = [];
  let total = 0;
  for (const object of objects) {
    const key = fromKey(object?.[KEY]);
    if (key === undefined) continue;
    const raw = object[VALUE];
    // A value that is not bytes (planted or corrupt) goes to .NET as empty bytes: it reports it as corrupt.
    const value = raw instanceof Uint8Array ? raw : raw instanceof ArrayBuffer ? new Uint8Array(raw) : new Uint8Array(0);
    /** @type {Record<string, EncodedKey>} */
    const indexValues = {};
    for (const [name, path] of paths) {
      const v = Array.isArray(path)
        ? (path.every((member) => object[member] !== undefined) ? path.map((member) => object[member]) : undefined)
        : object[path];
      const encoded = v === undefined ? undefined : fromKey(v);
      if (encoded !== undefined) indexValues[name] = encoded;
    }
    records.push({ k: key, i: indexValues, l: value.byteLength });
    values.push(value);
    total += value.byteLength;
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const value of values) {
    bytes.set(value, offset);
    offset += value.byteLength;
  }
  return { json: JSON.stringify(records), bytes };
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
      /** @type {Record<string, unknown>} */
      const object = { [KEY]: toKey(record.k), [VALUE]: bytes.slice(offset, offset + record.l) };
      offset += record.l;
      for (const [index, value] of Object.entries(record.i)) {
        const path = paths.get(index);
        if (path === undefined) continue;
        if (!Array.isArray(path)) {
          object[path] = toKey(value);
        } else if ('a' in value && value.a.length === path.length) {
          path.forEach((member, i) => { object[member] = toKey(value.a[i]); });
        }
      }
      os.put(object);
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

// ---------------------------------------------------------------- Web Storage

/**
 * @param {number} area 0 sessionStorage, 1 localStorage
 * @returns {Storage}
 */
function webStorage(area) {
  const name = area === 0 ? 'sessionStorage' : 'localStorage';
  try {
    const storage = area === 0 ? globalThis.sessionStorage : globalThis.localStorage;
    if (!storage) throw storageError('Unavailable', `${name} is not available`);
    return storage;
  } catch (error) {
    // Reading the property throws SecurityError where site data is blocked.
    throw mapError(error, 'Unavailable');
  }
}

/**
 * True when the area can be used. A full area still counts: its writes report the quota.
 * @param {number} area
 * @returns {boolean}
 */
export function isStorageAvailable(area) {
  try {
    const storage = webStorage(area);
    const probe = 'ovs:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return true;
  } catch (error) {
    return /** @type {DOMException} */ (error).name === 'QuotaExceededError';
  }
}

/**
 * @param {number} area
 * @param {string} key
 * @returns {string | null}
 */
export function getItem(area, key) {
  try {
    return webStorage(area).getItem(key);
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Removes, then sets, item by item, as setItem does: a quota error leaves earlier items written.
 * @param {number} area
 * @param {string[]} keys
 * @param {string[]} values
 * @param {string[]} remove
 */
export function writeItems(area, keys, values, remove) {
  try {
    const storage = webStorage(area);
    for (const key of remove) storage.removeItem(key);
    keys.forEach((key, i) => storage.setItem(key, values[i]));
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * @param {number} area
 * @param {string} prefix
 * @returns {string[]} in ordinal order
 */
export function getKeys(area, prefix) {
  try {
    const storage = webStorage(area);
    /** @type {string[]} */
    const keys = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key !== null && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  } catch (error) {
    throw mapError(error);
  }
}

// ---------------------------------------------------------------- tabs and page events

/** @type {BroadcastChannel | null} */
let channel = null;

/**
 * Hooks the page's events to .NET's [JSExport] handlers (once per page).
 * @param {string} assembly the .NET assembly exporting OvasabiState.Browser.JSBrowserEvents
 * @returns {Promise<void>}
 */
export async function initialize(assembly) {
  if (channel !== null) return;
  const runtime = await /** @type {any} */ (globalThis).getDotnetRuntime(0);
  const exports = await runtime.getAssemblyExports(assembly);
  /** @type {DotnetEvents} */
  const events = exports.OvasabiState.Browser.JSBrowserEvents;

  channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  if (channel) {
    channel.onmessage = (event) => {
      const m = event.data;
      if (m && typeof m.store === 'string' && typeof m.key === 'string' && typeof m.origin === 'string' && typeof m.hash === 'string') {
        events.OnMessage(m.store, m.key, m.origin, m.hash);
      }
    };
  }

  addEventListener('online', () => events.OnEnvironment(0));
  addEventListener('offline', () => events.OnEnvironment(1));
  addEventListener('pagehide', () => events.OnEnvironment(2));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') events.OnEnvironment(2);
  });
}

/** @returns {boolean} */
export function isOnline() {
  return navigator.onLine;
}

/**
 * Tells the other tabs of this origin (not this one) that a record changed.
 * @param {string} store
 * @param {string} key
 * @param {string} origin
 * @param {string} hash the content hash as decimal text (a 64-bit number does not fit a double)
 */
export function broadcast(store, key, origin, hash) {
  channel?.postMessage({ store, key, origin, hash });
}
