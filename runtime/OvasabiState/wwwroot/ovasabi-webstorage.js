// @ts-check
/**
 * Web Storage (sessionStorage, localStorage): availability, get, batched set/remove, keys by
 * prefix, and compare-and-set writes under a Web Lock. Area 0 is sessionStorage, 1 localStorage
 * (WebStorageArea in .NET). Versioned items are `ovs2:{token}:{base64}` (Storage/VersionedText.cs).
 */

import { mapError, storageError } from './ovasabi-errors.js';
import { inTurn } from './ovasabi-turns.js';

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
 * Reads many items in one call.
 * @param {number} area
 * @param {string[]} keys
 * @returns {(string | null)[]} one value per key, null where absent
 */
export function getItems(area, keys) {
  try {
    const storage = webStorage(area);
    return keys.map((key) => storage.getItem(key));
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

/** The marker of a versioned item (':' is not a base64 character, so a plain item never starts with it). */
const VERSIONED = 'ovs2:';

/**
 * The version token of a stored item, as Storage/VersionedText.cs TokenOf reads it: null when
 * absent, the text between "ovs2:" and the next ':' for a versioned item, otherwise empty.
 * @param {string | null} text
 * @returns {string | null}
 */
export function tokenOfItem(text) {
  if (text === null) return null;
  if (!text.startsWith(VERSIONED)) return '';
  const end = text.indexOf(':', VERSIONED.length);
  return end < 0 ? '' : text.slice(VERSIONED.length, end);
}

/** @typedef {{k: string, v: string | null, e: string | null}} ItemMutation */
/** @typedef {{c: {k: string, s: string | null}[], r: {k: string, n: string, m: string}[]}} ItemOutcome */

/**
 * Compare-and-set writes of items, one synchronous pass: each is applied only when the stored
 * item's token is the one it expects ("*": whatever is stored; null: no item); the others are
 * conflicts, with the stored text. An item the area refuses (quota) is a refusal; the other
 * items are still written. `changed` is the last item whose text the pass changed (for
 * ovasabi-turns.js), null when it changed none.
 * @param {Storage} storage
 * @param {ItemMutation[]} mutations
 * @returns {{result: ItemOutcome, changed: {k: string, text: string | null} | null}}
 */
function applyItems(storage, mutations) {
  /** @type {ItemOutcome} */
  const result = { c: [], r: [] };
  /** @type {{k: string, text: string | null} | null} */
  let changed = null;
  for (const { k, v, e } of mutations) {
    const stored = storage.getItem(k);
    if (e !== '*' && tokenOfItem(stored) !== (e ?? null)) {
      result.c.push({ k, s: stored });
      continue;
    }
    const text = v ?? null;
    try {
      if (text === null) storage.removeItem(k); else storage.setItem(k, text);
      if (text !== stored) changed = { k, text };
    } catch (error) {
      const failure = /** @type {{name?: string, message?: string}} */ (error ?? {});
      result.r.push({ k, n: failure.name ?? 'Error', m: failure.message ?? String(error) });
    }
  }
  return { result, changed };
}

/**
 * Compare-and-set writes of Web Storage items (see {@link applyItems}). For localStorage, which
 * every tab of the origin shares, the pass runs under the Web Lock `lockName`, after this tab's
 * view of localStorage shows the previous holder's writes (ovasabi-turns.js), so the writers of
 * one store in every tab take turns and no read-check-write of another tab interleaves or goes
 * unseen. Where `navigator.locks` does not exist (an insecure context, an old browser) the pass
 * runs directly: the check and the write are still one synchronous pass in this tab, but another
 * tab's pass may run at the same moment, and a lost update between two tabs becomes possible.
 * sessionStorage belongs to this tab alone and needs no lock.
 * @param {number} area
 * @param {string} lockName
 * @param {string} json `{m: ItemMutation[]}` as JSON
 * @returns {Promise<string>} `{c: [{k, s}], r: [{k, n, m}]}` as JSON (Browser/BrowserJson.cs, ReadItemResult)
 */
export async function mutateItems(area, lockName, json) {
  try {
    /** @type {{m: ItemMutation[]}} */
    const batch = JSON.parse(json);
    const storage = webStorage(area);
    const locks = globalThis.navigator?.locks;
    const outcome = area === 0 || !locks
      ? applyItems(storage, batch.m).result
      : await inTurn(locks, storage, lockName, () => applyItems(storage, batch.m));
    return JSON.stringify(outcome);
  } catch (error) {
    throw mapError(error);
  }
}
