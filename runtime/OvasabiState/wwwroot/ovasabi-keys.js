// @ts-check
/**
 * IndexedDB keys and ranges as they cross the boundary, as compact JSON: {"n":1} number
 * ("Infinity"/"-Infinity" as strings), {"d":ms} date, {"s":"x"} string, {"a":[...]} array.
 * (runtime/OvasabiState/Browser/BrowserJson.cs writes and reads the same shapes.)
 */

import { storageError } from './ovasabi-errors.js';

/** @typedef {{n: number | string} | {d: number} | {s: string} | {a: EncodedKey[]}} EncodedKey */
/** @typedef {{l?: EncodedKey, u?: EncodedKey, lo: boolean, uo: boolean}} EncodedRange */

/** What {@link toRange} returns for a range no key can match. */
export const EMPTY = Symbol('empty range');

/**
 * @param {EncodedKey} k
 * @returns {IDBValidKey}
 */
export function toKey(k) {
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
export function fromKey(v) {
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
export function toRange(r) {
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
