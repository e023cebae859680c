// @ts-check
/**
 * OvasabiState's browser boundary (IBrowserStorage), the module .NET imports as
 * `_content/OvasabiState/ovasabi-state.js`: through [JSImport] (Browser/BrowserInterop.cs) in
 * WebAssembly, and through IJSRuntime (Browser/JSRuntimeBrowserStorage.cs) in every render mode.
 * It only gathers the modules that do the work, one concern each:
 *
 * - ovasabi-schema.js: databases and schema upgrades;
 * - ovasabi-indexeddb.js: reads (one record, many, by range), each with the store's write counter;
 * - ovasabi-cas.js: compare-and-set writes, big batches staged in chunks;
 * - ovasabi-journal.js: big batches committed packed, then spread; the write counter's home;
 * - ovasabi-spread.js: when journals are spread, so that no read misses a committed batch;
 * - ovasabi-idb.js: connections, transactions and requests;
 * - ovasabi-webstorage.js: sessionStorage and localStorage, compare-and-set under a Web Lock;
 * - ovasabi-turns.js: the tabs' turns on localStorage, each seeing the previous one's writes;
 * - ovasabi-tabs.js: which tabs are alive (a Web Lock per tab);
 * - ovasabi-channel.js: other tabs (BroadcastChannel) and online/offline/page-hide events;
 * - ovasabi-records.js, ovasabi-frame.js, ovasabi-keys.js, ovasabi-errors.js: the wire format and the errors.
 *
 * Failures are thrown as Error("[ovs:Code] detail") with Code one of Unavailable,
 * QuotaExceeded, Failed; .NET turns them into StorageException.
 */

export { openDatabase } from './ovasabi-schema.js';
export { getRecord, getRecordValue, getRecords, queryRecords, getRecordFramed, getRecordsFramed, queryRecordsFramed, getRecordFrame, getRecordsFrame, queryRecordsFrame } from './ovasabi-indexeddb.js';
export { mutateRecords, mutateRecordsFramed, stageRecords, commitStaged, discardStaged, nextTask } from './ovasabi-cas.js';
export { isStorageAvailable, getItem, getItems, writeItems, getKeys, mutateItems } from './ovasabi-webstorage.js';
export { holdTab, liveTabs } from './ovasabi-tabs.js';
export { initialize, subscribe, unsubscribe, isOnline, broadcast, broadcastMany } from './ovasabi-channel.js';
