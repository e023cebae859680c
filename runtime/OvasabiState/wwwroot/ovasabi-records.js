// @ts-check
/**
 * Stored IndexedDB objects and the records that cross the boundary. A stored object is
 * `{ $key, $value: Uint8Array, $ver: token, ...indexed members as plain properties }`, so the
 * browser's own indexes (compound and multi-entry included) work on it; `$ver` is the version
 * token of the write that stored it (`"{clock:x}.{writer:x}"`, Versions/StateVersion.cs), what a
 * compare-and-set write compares. A tombstone is an ordinary object with no index properties.
 * Write batches cross as JSON (keys, index values, tokens) beside one byte array (the payloads,
 * concatenated in order); records read go to .NET as one binary frame (ovasabi-frame.js), and as
 * this JSON shape to scripts and tests.
 */

import { fromKey, toKey } from './ovasabi-keys.js';

/** @typedef {import('./ovasabi-keys.js').EncodedKey} EncodedKey */
/** @typedef {{k: EncodedKey, i?: Record<string, EncodedKey>, l: number, v?: string}} EncodedRecord */
/**
 * A compare-and-set write of one record (Browser/BrowserJson.cs, Mutations): `l` -1 removes the
 * record; `e` is the token expected stored (absent: nothing stored; "*": whatever is stored);
 * `c` is the store's write counter when the writer learned that `e` is stored.
 * @typedef {EncodedRecord & {e?: string | null, c?: number}} EncodedMutation
 */
/** @typedef {{json: string, bytes: Uint8Array, c: number}} PackedRecords */

/** The key path of every object store. */
export const KEY = '$key';
/** The property holding the serialized record. */
export const VALUE = '$value';
/** The property holding the version token of the write that stored the object. */
export const VERSION = '$ver';

/**
 * The version token of a stored object: null when nothing is stored, empty for an object
 * without one (written before versions, or planted). What a compare-and-set write compares.
 * @param {any} object
 * @returns {string | null}
 */
export function tokenOf(object) {
  if (object === undefined || object === null) return null;
  const token = object[VERSION];
  return typeof token === 'string' ? token : '';
}

/**
 * The key path of every index of a store, by index name.
 * @param {IDBObjectStore} store
 * @returns {Map<string, string | string[]>}
 */
export function indexPaths(store) {
  return new Map(Array.from(store.indexNames, (name) => [name, store.index(name).keyPath]));
}

/**
 * The object to store for one record of a write batch, with its version token when it has one.
 * @param {Map<string, string | string[]>} paths
 * @param {EncodedRecord} record
 * @param {Uint8Array} value the record's payload (a copy the store may keep)
 * @returns {Record<string, unknown>}
 */
export function toObject(paths, record, value) {
  /** @type {Record<string, unknown>} */
  const object = { [KEY]: toKey(record.k), [VALUE]: value };
  if (typeof record.v === 'string') object[VERSION] = record.v;
  // A tombstone, or a record with no index value, comes without `i`.
  for (const [index, encoded] of Object.entries(record.i ?? {})) {
    const path = paths.get(index);
    if (path === undefined) continue;
    if (!Array.isArray(path)) {
      object[path] = toKey(encoded);
    } else if ('a' in encoded && encoded.a.length === path.length) {
      path.forEach((member, i) => { object[member] = toKey(encoded.a[i]); });
    }
  }
  return object;
}

/**
 * The serialized record a stored object holds. A value that is not bytes (planted or corrupt)
 * is given as empty bytes, which .NET reports as a corrupt copy.
 * @param {any} object
 * @returns {Uint8Array}
 */
export function storedBytes(object) {
  const raw = object?.[VALUE];
  return raw instanceof Uint8Array ? raw : raw instanceof ArrayBuffer ? new Uint8Array(raw) : new Uint8Array(0);
}

/**
 * Packs stored objects for scripts and tests: keys, index values and version tokens as JSON,
 * payloads concatenated, and the store's write counter as the reading transaction saw it.
 * @param {Map<string, string | string[]>} paths
 * @param {any[]} objects
 * @param {number} [counter] -1 when not read
 * @returns {PackedRecords}
 */
export function pack(paths, objects, counter = -1) {
  /** @type {EncodedRecord[]} */
  const records = [];
  /** @type {Uint8Array[]} */
  const values = [];
  let total = 0;
  for (const object of objects) {
    const key = fromKey(object?.[KEY]);
    if (key === undefined) continue;
    const value = storedBytes(object);
    /** @type {Record<string, EncodedKey>} */
    const indexValues = {};
    for (const [name, path] of paths) {
      const v = Array.isArray(path)
        ? (path.every((member) => object[member] !== undefined) ? path.map((member) => object[member]) : undefined)
        : object[path];
      const encoded = v === undefined ? undefined : fromKey(v);
      if (encoded !== undefined) indexValues[name] = encoded;
    }
    records.push({ k: key, i: indexValues, l: value.byteLength, v: /** @type {string} */ (tokenOf(object)) });
    values.push(value);
    total += value.byteLength;
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const value of values) {
    bytes.set(value, offset);
    offset += value.byteLength;
  }
  return { json: JSON.stringify(records), bytes, c: counter };
}
