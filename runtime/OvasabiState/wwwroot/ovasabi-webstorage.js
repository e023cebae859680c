// @ts-check
/**
 * Web Storage (sessionStorage, localStorage): availability, get, batched set/remove, keys by
 * prefix. Area 0 is sessionStorage, 1 localStorage (WebStorageArea in .NET).
 */

import { mapError, storageError } from './ovasabi-errors.js';

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
