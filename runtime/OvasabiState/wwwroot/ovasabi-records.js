// @ts-check
/**
 * Stored IndexedDB objects and the records that cross the boundary. A stored object is
 * `{ $key, $value: Uint8Array, ...indexed members as plain properties }`, so the browser's own
 * indexes (compound and multi-entry included) work on it. Write batches cross as JSON (keys and
 * index values) beside one byte array (the payloads, concatenated in order); records read go to
 * .NET as one binary frame (ovasabi-frame.js), and as this JSON shape to scripts and tests.
 */

import { fromKey, toKey } from './ovasabi-keys.js';

/** @typedef {import('./ovasabi-keys.js').EncodedKey} EncodedKey */
/** @typedef {{k: EncodedKey, i: Record<string, EncodedKey>, l: number}} EncodedRecord */
/** @typedef {{json: string, bytes: Uint8Array}} PackedRecords */

/** The key path of every object store. */
export const KEY = '$key';
/** The property holding the serialized record. */
export const VALUE = '$value';

/**
 * The key path of every index of a store, by index name.
 * @param {IDBObjectStore} store
 * @returns {Map<string, string | string[]>}
 */
export function indexPaths(store) {
  return new Map(Array.from(store.indexNames, (name) => [name, store.index(name).keyPath]));
}

/**
 * The object to store for one record of a write batch.
 * @param {Map<string, string | string[]>} paths
 * @param {EncodedRecord} record
 * @param {Uint8Array} value the record's payload (a copy the store may keep)
 * @returns {Record<string, unknown>}
 */
export function toObject(paths, record, value) {
  /** @type {Record<string, unknown>} */
  const object = { [KEY]: toKey(record.k), [VALUE]: value };
  for (const [index, encoded] of Object.entries(record.i)) {
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
 * Packs stored objects for .NET: keys and index values as JSON, payloads concatenated.
 * @param {Map<string, string | string[]>} paths
 * @param {any[]} objects
 * @returns {PackedRecords}
 */
export function pack(paths, objects) {
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
