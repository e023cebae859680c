// @ts-check
/**
 * OvasabiState's browser boundary (IBrowserStorage), the module .NET imports as
 * `_content/OvasabiState/ovasabi-state.js`: through [JSImport] (Browser/BrowserInterop.cs) in
 * WebAssembly, and through IJSRuntime (Browser/JSRuntimeBrowserStorage.cs) in every render mode.
 * It only gathers the modules that do the work, one concern each:
 *
 * - ovasabi-indexeddb.js: databases, schema upgrades, atomic write batches, index queries;
 * - ovasabi-journal.js: big batches committed packed, then spread into their store;
 * - ovasabi-webstorage.js: sessionStorage and localStorage;
 * - ovasabi-channel.js: other tabs (BroadcastChannel) and online/offline/page-hide events;
 * - ovasabi-records.js, ovasabi-frame.js, ovasabi-keys.js, ovasabi-errors.js: the wire format and the errors.
 *
 * Failures are thrown as Error("[ovs:Code] detail") with Code one of Unavailable,
 * QuotaExceeded, Failed; .NET turns them into StorageException.
 */

export { openDatabase, getRecord, getRecordValue, getRecords, writeRecords, stageRecords, commitStaged, discardStaged, nextTask, queryRecords, getRecordFramed, getRecordsFramed, queryRecordsFramed, getRecordFrame, getRecordsFrame, queryRecordsFrame } from './ovasabi-indexeddb.js';
export { isStorageAvailable, getItem, getItems, writeItems, getKeys } from './ovasabi-webstorage.js';
export { initialize, subscribe, unsubscribe, isOnline, broadcast, broadcastMany } from './ovasabi-channel.js';
