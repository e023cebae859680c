// @ts-check
/**
 * IndexedDB reads: one record, its value alone, many records by key, and records by key or
 * index range. Each runs in one readonly transaction that sees every committed batch (see
 * ovasabi-spread.js) and, except the value-only get, reads the store's write counter in the
 * same transaction. Results go to .NET as one binary frame (ovasabi-frame.js): `{ b }` for
 * [JSImport], a bare Uint8Array for IJSRuntime (the *Framed functions); scripts and tests get the
 * JSON pack (ovasabi-records.js). Databases are opened in ovasabi-schema.js; writes are
 * compare-and-set, in ovasabi-cas.js.
 */

import { mapError } from './ovasabi-errors.js';
import { completed, getObjects } from './ovasabi-idb.js';
import { EMPTY, toKey, toRange } from './ovasabi-keys.js';
import { pack, storedBytes } from './ovasabi-records.js';
import { frameRecords } from './ovasabi-frame.js';
import { reading } from './ovasabi-spread.js';

/** @typedef {import('./ovasabi-records.js').PackedRecords} PackedRecords */

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
 * @param {(paths: Map<string, string | string[]>, objects: any[], counter: number) => R} shape
 * @param {boolean} [counted]
 * @returns {Promise<R>}
 */
async function readOne(name, store, keyJson, shape, counted = true) {
  try {
    const key = toKey(JSON.parse(keyJson));
    const { value, counter, paths } = await reading(name, store, async (os) => {
      const object = await completed(os.get(key));
      return object === undefined ? [] : [object];
    }, counted);
    return shape(paths, value, counter);
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Reads one record's stored bytes alone: no index values, no version token, no counter, and no
 * JSON on the way back, which is all a store needs to hydrate a key (the cold single get). Its
 * transaction covers the store alone.
 * @param {string} name
 * @param {string} store
 * @param {string} keyJson EncodedKey as JSON
 * @returns {Promise<{v: Uint8Array | null}>} null when absent; empty bytes when the stored value is not bytes (.NET reports it as corrupt)
 */
export function getRecordValue(name, store, keyJson) {
  return readOne(name, store, keyJson, (_, objects) => ({ v: objects.length === 0 ? null : storedBytes(objects[0]) }), false);
}

/**
 * Reads many records in ONE readonly transaction, every get issued at once (see getObjects in
 * ovasabi-idb.js: many keys are probed with one getAllKeys first).
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
 * @param {(paths: Map<string, string | string[]>, objects: any[], counter: number) => R} shape
 * @returns {Promise<R>}
 */
async function readMany(name, store, keysJson, shape) {
  try {
    /** @type {IDBValidKey[]} */
    const keys = JSON.parse(keysJson).map(toKey);
    const { value, counter, paths } = await reading(name, store, async (os) =>
      (await getObjects(os, keys)).filter((object) => object !== undefined));
    return shape(paths, value, counter);
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
export function queryRecords(name, store, index, rangeJson) {
  return query(name, store, index, rangeJson, pack);
}

/**
 * @template R
 * @param {string} name
 * @param {string} store
 * @param {string | null} index
 * @param {string} rangeJson
 * @param {(paths: Map<string, string | string[]>, objects: any[], counter: number) => R} shape
 * @returns {Promise<R>}
 */
async function query(name, store, index, rangeJson, shape) {
  try {
    const range = toRange(JSON.parse(rangeJson));
    const { value, counter, paths } = await reading(name, store, async (os) => {
      if (range === EMPTY) return [];
      const source = index === null ? os : os.index(index);
      return await completed(source.getAll(range));
    });
    return shape(paths, value, counter);
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
 * @param {number} counter
 */
function boxedFrame(paths, objects, counter) {
  return { b: frameRecords(paths, objects, counter) };
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
