// @ts-check
/**
 * IndexedDB databases and their schema: one database per user. Every object store has the key
 * path `$key` (see ovasabi-records.js for the stored objects) and a journal store beside it
 * (`$journal:<store>`, see ovasabi-journal.js: big batches and the store's write counter). The
 * store hashes of the last upgrade are kept in the `$ovasabi` store; when they differ from the
 * app's, the database version is bumped and missing stores and indexes are created (data is
 * kept). The durable outbox (`ovasabi_outbox`) is opened here like any other store.
 */

import { mapError, storageError } from './ovasabi-errors.js';
import { completed, connect, database, forgetAll } from './ovasabi-idb.js';
import { journalOf } from './ovasabi-journal.js';
import { KEY } from './ovasabi-records.js';
import { census } from './ovasabi-spread.js';

/** @typedef {{name: string, keyPath: string[], unique: boolean, multiEntry: boolean}} IndexDef */
/** @typedef {{name: string, hash: string, indexes: IndexDef[]}} StoreDef */

const META = '$ovasabi';

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
 * indexes, records the hashes. A new store's counter is absent, which reads as 0.
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
  const names = stores.map((s) => s.name);
  try {
    let db = await database(name);
    if (await upToDate(db, stores)) {
      await census(name, names);
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
        await census(name, names);
        return true;
      }
    }
    throw storageError('Failed', `could not upgrade database ${name}: other tabs keep changing it`);
  } catch (error) {
    throw mapError(error, 'Failed');
  }
}
