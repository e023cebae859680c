// @ts-check
/**
 * Which tabs of this origin are alive. Each tab holds the Web Lock `ovs-tab:{instanceId}` for as
 * long as its page lives (the browser frees a page's locks when it goes, crash included); a tab
 * whose lock is free is gone, and another tab takes over the pending writes it left in the
 * durable outbox (Sync/DurableOutbox.cs, StateSyncManager.Users.cs TakeOverClosedTabsAsync).
 *
 * Without Web Locks (`navigator.locks` exists only in secure contexts: https or localhost) the
 * tabs answer a roll call on the BroadcastChannel `ovasabi-tabs` instead, and a tab that does not
 * answer within {@link ROLL_CALL_MS} counts as gone. Why not the other answers:
 * - "nobody is alive" (an empty list) would hand every other tab's rows to each tab that starts;
 * - "everybody is alive" cannot be said to .NET (it takes a list of ids), and would leave the
 *   rows of a crashed tab in the outbox forever: its writes would never be flushed;
 * - failing the call makes .NET take nobody's rows: the same loss.
 * A roll call errs the other way only for a live tab too busy or frozen to answer: its rows are
 * taken over while it lives, which is harmless, because every flush is compare-and-set (a write
 * both tabs flush lands once; the second finds its own version stored). Without BroadcastChannel
 * either, only this page's own ids are listed, and other tabs' rows are taken over: harmless
 * for the same reason, and no pending write is stranded.
 */

const PREFIX = 'ovs-tab:';
const CHANNEL = 'ovasabi-tabs';

/** How long a roll call waits for answers (only without Web Locks). */
const ROLL_CALL_MS = 250;

/** @type {Map<string, Promise<void>>} this page's held ids */
const held = new Map();

/** @type {BroadcastChannel | null | undefined} the roll-call channel, opened on first use */
let channel;

/** @type {Map<string, Set<string>>} open roll calls of this page, by nonce: the ids heard */
const calls = new Map();

/** @returns {BroadcastChannel | null} */
function rollCallChannel() {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  if (channel) {
    const ch = channel;
    ch.onmessage = (event) => {
      const m = event.data;
      if (m && typeof m.call === 'string') {
        ch.postMessage({ answer: m.call, ids: Array.from(held.keys()) });
      } else if (m && typeof m.answer === 'string' && Array.isArray(m.ids)) {
        const heard = calls.get(m.answer);
        for (const id of m.ids) if (typeof id === 'string') heard?.add(id);
      }
    };
  }
  return channel;
}

/**
 * Holds this page's liveness lock for `instanceId` until the page goes; resolves once it is held.
 * Idempotent per id. `ifAvailable`: were the name already held (by another page claiming the same
 * id) this page would otherwise wait for it forever, and .NET awaits this before any write;
 * that id is alive anyway.
 * @param {string} instanceId
 * @returns {Promise<void>}
 */
export function holdTab(instanceId) {
  let holding = held.get(instanceId);
  if (!holding) {
    holding = new Promise((resolve, reject) => {
      const locks = globalThis.navigator?.locks;
      if (!locks) {
        rollCallChannel(); // answer other tabs' roll calls from now on
        resolve();
        return;
      }
      // The callback's promise never settles: the lock is held until the page goes.
      locks.request(PREFIX + instanceId, { ifAvailable: true }, (lock) => {
        resolve();
        return lock ? new Promise(() => {}) : undefined;
      }).catch(reject);
    });
    const current = holding;
    held.set(instanceId, current);
    current.catch(() => { if (held.get(instanceId) === current) held.delete(instanceId); });
  }
  return holding;
}

/**
 * The instance ids of this origin's live tabs (this page's included), as a JSON array.
 * @returns {Promise<string>}
 */
export async function liveTabs() {
  const locks = globalThis.navigator?.locks;
  if (locks) {
    const state = await locks.query();
    const ids = new Set();
    for (const lock of state.held ?? []) {
      if (typeof lock.name === 'string' && lock.name.startsWith(PREFIX)) ids.add(lock.name.slice(PREFIX.length));
    }
    return JSON.stringify(Array.from(ids));
  }

  const heard = new Set(held.keys());
  const ch = rollCallChannel();
  if (ch) {
    const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    calls.set(nonce, heard);
    try {
      ch.postMessage({ call: nonce });
      await new Promise((resolve) => setTimeout(resolve, ROLL_CALL_MS));
    } finally {
      calls.delete(nonce);
    }
  }
  return JSON.stringify(Array.from(heard));
}
