// @ts-check
/**
 * IndexedDB writes: compare-and-set, all of a batch in ONE readwrite transaction over the store
 * and its journal, so no other tab's write interleaves. Storage/InMemoryBrowser.cs
 * (MutateRecords) is the reference; this is the same in a browser.
 *
 * Each write expects a version token stored under its key (`e`; see ovasabi-records.js): "*"
 * writes whatever is stored; otherwise the stored object's `$ver` must be `e` (an object without
 * `$ver` has "", and `e` absent expects nothing stored). A write whose `c` is the store's write
 * counter needs no read: the writer learned `e` at that counter, and every writing transaction
 * bumps it, so nothing changed since (a caller that claims an unchanged counter with a wrong
 * expectation overwrites blindly: that is the contract). The others are read, all at once; a
 * write whose expectation fails is not applied and comes back as a conflict with what is stored
 * (or flagged absent). A transaction that applies anything bumps the counter once. The answer is
 * a frame of the conflicts (ovasabi-frame.js) whose counter is the counter after.
 *
 * Costs, against the blind writes of before: a direct write learns the counter from the journal
 * cursor it opens anyway (the spread), so it adds one request, the counter's put; a journaled
 * batch (see ovasabi-journal.js) adds the counter's get before its entries and its put. Writes
 * that need a read add one getAllKeys for many keys, and a get per key that exists.
 *
 * A failing transaction (a quota, a unique index) applies nothing and rejects with
 * `[ovs:QuotaExceeded]` or `[ovs:Failed]`; .NET then retries halves.
 */

import { announceJournal } from './ovasabi-channel.js';
import { mapError } from './ovasabi-errors.js';
import { committed, completed, getObjects, hasJournal, pathsOf, transaction } from './ovasabi-idb.js';
import { toKey } from './ovasabi-keys.js';
import { toObject, tokenOf } from './ovasabi-records.js';
import { frameRecords } from './ovasabi-frame.js';
import { COUNTER, JOURNAL_ABOVE, counterOf, entries, hasUniqueIndex, issueSliced, journalInto, journalOf, spreadInto } from './ovasabi-journal.js';
import { markJournaled, spread } from './ovasabi-spread.js';

/** @typedef {import('./ovasabi-records.js').EncodedMutation} EncodedMutation */
/** @typedef {import('./ovasabi-journal.js').StagedMutation} StagedMutation */
/** @typedef {{paths: Map<string, string | string[]>, conflicts: any[], absent: IDBValidKey[], counter: number}} Outcome */

/** The expectation of a blind write. */
const ANY = '*';

/**
 * The writes of a batch, each with its own copy of its payload.
 * @param {EncodedMutation[]} records
 * @param {Uint8Array} bytes the payloads of the writes that store one (`l` >= 0), concatenated in order
 * @returns {StagedMutation[]}
 */
function sliced(records, bytes) {
  let offset = 0;
  return records.map((record) => {
    if (record.l < 0) return { record, payload: null };
    // slice, not subarray: IndexedDB clones a view with its whole buffer (the batch).
    const payload = bytes.slice(offset, offset + record.l);
    offset += record.l;
    return { record, payload };
  });
}

/**
 * Applies compare-and-set writes in one transaction (see the module's comment). A batch of more
 * than JOURNAL_ABOVE writes on a store without a unique index is committed packed into the
 * journal, its expectations checked first, and spread in the background; a smaller one first
 * spreads whatever the journal holds, then issues its own requests, a slice per task.
 * @param {string} name
 * @param {string} store
 * @param {StagedMutation[]} mutations
 * @returns {Promise<Outcome>}
 */
async function mutate(name, store, mutations) {
  const tx = await transaction(name, store, 'readwrite');
  const done = committed(tx);
  // Awaited below; a failure before that must not also surface as an unhandled rejection.
  done.catch(() => undefined);
  try {
    const os = tx.objectStore(store);
    const paths = pathsOf(os);
    const journal = hasJournal(tx, store) ? tx.objectStore(journalOf(store)) : null;
    const journaling = journal !== null && mutations.length > JOURNAL_ABOVE && !hasUniqueIndex(os);
    const keys = mutations.map((m) => toKey(m.record.k));

    // -1: a store without a journal keeps no counter; no write trusts it, none bumps it.
    let counter = -1;
    if (journal && !journaling) counter = (await spreadInto(tx, store)).counter;
    else if (journal) counter = counterOf(await completed(journal.get(COUNTER)));

    /** @type {number[]} the writes whose stored token must be read, in order */
    const checked = [];
    mutations.forEach(({ record }, i) => {
      if (record.e !== ANY && !(counter >= 0 && record.c === counter)) checked.push(i);
    });
    /** @type {any[]} */
    let stored = [];
    if (checked.length > 0) {
      // A journaled batch does not spread first; its reads must not miss what the journal holds.
      if (journaling && journal && (await completed(journal.getKey(entries()))) !== undefined) await spreadInto(tx, store);
      stored = await getObjects(os, checked.map((i) => keys[i]));
    }

    /** @type {StagedMutation[]} */
    const applied = [];
    /** @type {IDBValidKey[]} */
    const appliedKeys = [];
    /** @type {any[]} */
    const conflicts = [];
    /** @type {IDBValidKey[]} */
    const absent = [];
    for (let i = 0, n = 0; i < mutations.length; i++) {
      if (checked[n] === i) {
        const object = stored[n++];
        if (tokenOf(object) !== (mutations[i].record.e ?? null)) {
          if (object === undefined) absent.push(keys[i]); else conflicts.push(object);
          continue;
        }
      }
      applied.push(mutations[i]);
      appliedKeys.push(keys[i]);
    }

    const bumped = applied.length > 0 && journal !== null;
    if (bumped) journal.put(counter + 1, COUNTER);
    if (journaling) {
      if (applied.length > 0) journalInto(tx, store, paths, applied);
    } else {
      issueSliced(tx, applied.length, (n) => applied[n].payload === null
        ? os.delete(appliedKeys[n])
        : os.put(toObject(paths, applied[n].record, /** @type {Uint8Array} */ (applied[n].payload))));
    }
    await done;
    if (journaling && applied.length > 0) {
      // Durable now. Other tabs hear of it before the flush's change messages; readers here and
      // there spread it themselves if they come before the background spread.
      markJournaled(name, store);
      announceJournal(name, store);
      spread(name, store).catch(() => undefined);
    }
    return { paths, conflicts, absent, counter: bumped ? counter + 1 : counter };
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished (the commit itself failed).
    }
    throw error;
  }
}

/**
 * @param {Outcome} outcome
 * @returns {Uint8Array}
 */
function frameOf(outcome) {
  return frameRecords(outcome.paths, outcome.conflicts, outcome.counter, outcome.absent);
}

/**
 * @param {string} name
 * @param {string} store
 * @param {string} json
 * @param {Uint8Array} bytes
 */
async function mutateJson(name, store, json, bytes) {
  try {
    /** @type {{m: EncodedMutation[]}} */
    const batch = JSON.parse(json);
    return frameOf(await mutate(name, store, sliced(batch.m, bytes)));
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Compare-and-set writes of records in one transaction, for [JSImport].
 * @param {string} name
 * @param {string} store
 * @param {string} json `{m: EncodedMutation[]}` as JSON
 * @param {Uint8Array} bytes the payloads of the writes with `l` >= 0, concatenated in order
 * @returns {Promise<{b: Uint8Array}>} the conflicts as a frame, with the counter after
 */
export async function mutateRecords(name, store, json, bytes) {
  return { b: await mutateJson(name, store, json, bytes) };
}

/**
 * {@link mutateRecords} for IJSRuntime, which carries a Uint8Array result as bytes.
 * @param {string} name
 * @param {string} store
 * @param {string} json
 * @param {Uint8Array} bytes
 * @returns {Promise<Uint8Array>}
 */
export function mutateRecordsFramed(name, store, json, bytes) {
  return mutateJson(name, store, json, bytes);
}

/**
 * Batches staged by {@link stageRecords}, by {@link stagedId}, until {@link commitStaged} or
 * {@link discardStaged} takes them.
 * @type {Map<string, StagedMutation[]>}
 */
const staged = new Map();

/**
 * @param {string} name
 * @param {string} store
 * @param {string} batchId
 */
function stagedId(name, store, batchId) {
  return `${name}\u0000${store}\u0000${batchId}`;
}

/**
 * Resolves in a new task: a message, not a timeout, because Chromium clamps nested timeouts to
 * 4 ms and a 10,000-record flush yields 20 times or more.
 * @type {() => Promise<void>}
 */
export const nextTask = (() => {
  /** @type {(() => void)[]} */
  const waiting = [];
  /** @type {MessageChannel | undefined} */
  let channel;
  return () => new Promise((resolve) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(() => resolve());
    channel.port2.postMessage(null);
  });
})();

/**
 * Adds one chunk of writes to a staged batch; nothing is written until {@link commitStaged}.
 * .NET stages a big flush chunk by chunk (Browser/StagedBatch.cs), encoding the next chunk in a
 * later task, so the page runs in between; an IndexedDB transaction cannot stay open across
 * those tasks, hence the staging. Resolves in a new task.
 * @param {string} name
 * @param {string} store
 * @param {string} batchId the caller's id for the batch, unique in this page
 * @param {string} json `{m: EncodedMutation[]}` as JSON
 * @param {Uint8Array} bytes the payloads of the writes with `l` >= 0, concatenated in order
 * @returns {Promise<void>}
 */
export async function stageRecords(name, store, batchId, json, bytes) {
  try {
    /** @type {{m: EncodedMutation[]}} */
    const chunk = JSON.parse(json);
    const id = stagedId(name, store, batchId);
    const writes = staged.get(id);
    if (writes) {
      for (const write of sliced(chunk.m, bytes)) writes.push(write);
    } else {
      staged.set(id, sliced(chunk.m, bytes));
    }
  } catch (error) {
    throw mapError(error);
  }
  await nextTask();
}

/**
 * Applies every staged chunk of the batch as ONE {@link mutateRecords}. The staged batch is
 * dropped whether the transaction commits or fails.
 * @param {string} name
 * @param {string} store
 * @param {string} batchId
 * @returns {Promise<{b: Uint8Array}>} the conflicts as a frame, with the counter after
 */
export async function commitStaged(name, store, batchId) {
  const id = stagedId(name, store, batchId);
  const writes = staged.get(id) ?? [];
  staged.delete(id);
  try {
    return { b: frameOf(await mutate(name, store, writes)) };
  } catch (error) {
    throw mapError(error);
  }
}

/**
 * Drops a staged batch without writing it (the caller failed between chunks). No-op when absent.
 * @param {string} name
 * @param {string} store
 * @param {string} batchId
 */
export function discardStaged(name, store, batchId) {
  staged.delete(stagedId(name, store, batchId));
}
