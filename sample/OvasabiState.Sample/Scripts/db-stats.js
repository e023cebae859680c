// @ts-check
/**
 * Live database statistics for the Analytics page: entries and bytes per IndexedDB object store
 * of the user's database, and the origin's storage estimate. Read-only, on its own short-lived
 * connection (closed at once, and on a version change), so it never blocks the runtime's
 * schema upgrades. The runtime has no per-store statistics API yet; this is the JS half of one.
 */

/**
 * @param {string} name the user's database (`ovasabi-{userId}`)
 * @returns {Promise<string>} JSON: { stores: [{ name, entries, bytes }], usage, quota }
 */
export async function databaseStats(name) {
  const stores = [];
  const db = await open(name);
  try {
    for (const store of Array.from(db.objectStoreNames).sort()) {
      stores.push({ name: store, ...await measure(db, store) });
    }
  } finally {
    db.close();
  }
  const estimate = await navigator.storage?.estimate?.() ?? {};
  return JSON.stringify({ stores, usage: estimate.usage ?? -1, quota: estimate.quota ?? -1 });
}

/** @param {string} name @returns {Promise<IDBDatabase>} */
function open(name) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    // The runtime creates the database; never create an empty one here (version 1, no stores).
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => {
      request.result.onversionchange = () => request.result.close();
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('the database is being upgraded'));
  });
}

/**
 * Counts the entries and sums the stored payload bytes (`$value`) of one store in one cursor
 * pass: IndexedDB has no size API, so the values are read.
 * @param {IDBDatabase} db @param {string} store
 * @returns {Promise<{ entries: number, bytes: number }>}
 */
function measure(db, store) {
  return new Promise((resolve, reject) => {
    let entries = 0;
    let bytes = 0;
    const request = db.transaction(store, 'readonly').objectStore(store).openCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) {
        resolve({ entries, bytes });
        return;
      }
      entries++;
      const value = cursor.value?.$value;
      bytes += value?.byteLength ?? 0;
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}
