// @ts-check
/**
 * Records read from IndexedDB as ONE binary frame for .NET (Browser/RecordFrame.cs reads it;
 * tests/OvasabiState.Tests/Browser/FrameBuilder.cs writes the same layout on the host). JSON
 * cost the WebAssembly side most of a query's time: tokenizing and building every key on the
 * interpreter. In the frame, keys and index values are typed fields .NET reads directly. Reads
 * and compare-and-set conflicts (ovasabi-cas.js) come back in it alike.
 *
 * Layout, little-endian:
 *   u8 version (2)
 *   f64 counter: the store's write counter, read in the same transaction as the records (for a
 *     compare-and-set write, the counter after it); -1 when not read
 *   u8 index-name count, then each name: u16 UTF-8 length, UTF-8 bytes
 *   u32 record count, then each record:
 *     key
 *     u8 flags: bit 0 absent (nothing is stored under the key: conflicts only; then the token
 *       is empty, there are no index values and the payload length is 0)
 *     u16 version token UTF-8 length, UTF-8 bytes (the object's `$ver`; empty when it has none)
 *     u8 index-value count, then each: u8 index-name ordinal (ascending), key
 *     u32 payload length, payload bytes
 *   key: u8 tag, then 1 number: f64 | 2 date: f64 ms since 1970 | 3 string: u32 UTF-8 length, bytes
 *        | 4 array: u16 count, keys
 * A string holding a lone surrogate (not valid UTF-16) arrives as U+FFFD: OvasabiState never
 * writes one.
 */

import { KEY, storedBytes, tokenOf } from './ovasabi-records.js';

export const FRAME_VERSION = 2;

/** A record flag: nothing is stored under the key. */
const ABSENT = 1;

const encoder = new TextEncoder();

/** A growable byte buffer with little-endian writers. */
class Writer {
  constructor(capacity = 4096) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
    this.at = 0;
  }

  /** @param {number} more */
  reserve(more) {
    if (this.at + more <= this.bytes.byteLength) return;
    const grown = new Uint8Array(Math.max(this.bytes.byteLength * 2, this.at + more));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** @param {number} v */
  u8(v) { this.reserve(1); this.bytes[this.at++] = v; }

  /** @param {number} v */
  u16(v) { this.reserve(2); this.view.setUint16(this.at, v, true); this.at += 2; }

  /** @param {number} v */
  u32(v) { this.reserve(4); this.view.setUint32(this.at, v, true); this.at += 4; }

  /** @param {number} v */
  f64(v) { this.reserve(8); this.view.setFloat64(this.at, v, true); this.at += 8; }

  /**
   * A u32 length, then the UTF-8 bytes.
   * @param {string} s
   */
  text(s) {
    this.reserve(4 + s.length * 3);
    const { written } = encoder.encodeInto(s, this.bytes.subarray(this.at + 4));
    this.view.setUint32(this.at, written, true);
    this.at += 4 + written;
  }

  /**
   * A u16 length, then the UTF-8 bytes: a version token. One longer than a u16 can say is not
   * one OvasabiState wrote (tokens are ~30 characters); it is given as empty.
   * @param {string} s
   */
  token(s) {
    this.reserve(2 + s.length * 3);
    const { written } = encoder.encodeInto(s, this.bytes.subarray(this.at + 2));
    this.view.setUint16(this.at, written <= 0xffff ? written : 0, true);
    this.at += 2 + (written <= 0xffff ? written : 0);
  }

  /** @param {Uint8Array} b */
  raw(b) { this.reserve(b.byteLength); this.bytes.set(b, this.at); this.at += b.byteLength; }

  /**
   * An IndexedDB key; false (nothing written) for a value that is not a key OvasabiState writes.
   * @param {unknown} v
   * @returns {boolean}
   */
  key(v) {
    if (typeof v === 'string') { this.u8(3); this.text(v); return true; }
    if (typeof v === 'number') { this.u8(1); this.f64(v); return true; }
    if (v instanceof Date) { this.u8(2); this.f64(v.getTime()); return true; }
    if (Array.isArray(v) && v.every(isKey)) {
      this.u8(4);
      this.u16(v.length);
      for (const item of v) this.key(item);
      return true;
    }
    return false;
  }

  done() { return this.bytes.slice(0, this.at); }
}

/**
 * @param {unknown} v
 * @returns {boolean}
 */
function isKey(v) {
  return typeof v === 'string' || typeof v === 'number' || v instanceof Date || (Array.isArray(v) && v.every(isKey));
}

/**
 * Stored objects as one frame: their keys, version tokens, index values and payloads; then the
 * keys under which nothing is stored (a compare-and-set write's conflicts), flagged absent.
 * @param {Map<string, string | string[]>} paths the store's index paths by index name
 * @param {any[]} objects
 * @param {number} [counter] the store's write counter; -1 when not read
 * @param {IDBValidKey[]} [absent]
 * @returns {Uint8Array}
 */
export function frameRecords(paths, objects, counter = -1, absent = []) {
  const w = new Writer(64 + objects.length * 256);
  const names = Array.from(paths.keys());
  w.u8(FRAME_VERSION);
  w.f64(counter);
  w.u8(names.length);
  for (const name of names) {
    const utf8 = encoder.encode(name);
    w.u16(utf8.byteLength);
    w.raw(utf8);
  }
  const countAt = w.at;
  w.u32(0);
  let count = 0;
  for (const object of objects) {
    const key = object?.[KEY];
    if (!isKey(key)) continue;
    count++;
    w.key(key);
    w.u8(0);
    w.token(/** @type {string} */ (tokenOf(object)));
    const countOfValuesAt = w.at;
    w.u8(0);
    let values = 0;
    names.forEach((name, ordinal) => {
      const path = /** @type {string | string[]} */ (paths.get(name));
      const v = Array.isArray(path)
        ? (path.every((member) => object[member] !== undefined) ? path.map((member) => object[member]) : undefined)
        : object[path];
      if (v === undefined || !isKey(v)) return;
      w.u8(ordinal);
      w.key(v);
      values++;
    });
    w.bytes[countOfValuesAt] = values;
    const value = storedBytes(object);
    w.u32(value.byteLength);
    w.raw(value);
  }
  for (const key of absent) {
    if (!isKey(key)) continue;
    count++;
    w.key(key);
    w.u8(ABSENT);
    w.u16(0);
    w.u8(0);
    w.u32(0);
  }
  w.view.setUint32(countAt, count, true);
  return w.done();
}
