// @ts-check
/**
 * Taking turns on localStorage across tabs. A Web Lock alone is not enough: it serializes the
 * tabs' read-check-write passes, but in Chromium each renderer process reads localStorage from
 * its own cache, which hears of another process's writes asynchronously, with no ordering
 * against the lock's grant. Measured in headless Chromium: two tabs each adding one to a counter
 * 100 times under one Web Lock ended at 147 and 163, not 200. So a holder that changed items
 * leaves a STAMP for the next holder, in the lock manager, which grants the lock and so is
 * consistent with it: it holds the lock `ovs-stamp:{lockName}#{seq}.{hash}:{key}` (until the
 * next writer steals it), naming the last item its pass changed and a hash of the text it left
 * there (or of its removal). One process's writes reach every other process in order, so a view
 * of localStorage that shows that item as the stamp says shows the whole pass.
 *
 * The next holder reads the newest stamp lock's name and, before its pass, waits until its own
 * view shows the stamped item (a `storage` event, or a short poll), at most {@link WAIT_MS}; past
 * that (something outside these passes changed the item since) it goes on, as it would have
 * without the stamp, and its own pass leaves a new one. A stamp lock freed by its tab closing
 * leaves nothing to wait for. Nothing of this runs without Web Locks, or for sessionStorage,
 * which is the tab's own. No item is added to localStorage.
 */

const STAMP = 'ovs-stamp:';

/** The longest wait for a stamp to reach this tab's view of localStorage. */
const WAIT_MS = 500;

/** @typedef {{name: string, seq: number, hash: string, key: string}} Stamp */
/** @typedef {{k: string, text: string | null}} Change the last item a pass changed, and what it left */

/**
 * A short hash of an item's text (or of its absence): its length and FNV-1a over its UTF-16 code units.
 * @param {string | null} text
 * @returns {string}
 */
function hashOf(text) {
  if (text === null) return 'none';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length.toString(36)}x${(h >>> 0).toString(36)}`;
}

/**
 * The stamp locks of `lockName` held now.
 * @param {LockManager} locks
 * @param {string} lockName
 * @returns {Promise<Stamp[]>}
 */
async function stampsOf(locks, lockName) {
  const prefix = `${STAMP}${lockName}#`;
  const { held = [] } = await locks.query();
  /** @type {Stamp[]} */
  const stamps = [];
  for (const lock of held) {
    if (typeof lock.name !== 'string' || !lock.name.startsWith(prefix)) continue;
    const rest = lock.name.slice(prefix.length);
    const dot = rest.indexOf('.');
    const colon = rest.indexOf(':', dot + 1);
    const seq = Number(rest.slice(0, dot));
    if (dot > 0 && colon > dot && Number.isSafeInteger(seq)) {
      stamps.push({ name: lock.name, seq, hash: rest.slice(dot + 1, colon), key: rest.slice(colon + 1) });
    }
  }
  return stamps;
}

/**
 * Resolves once `storage` shows the stamped item (true), or after `ms` (false).
 * @param {Storage} storage
 * @param {Stamp} stamp
 * @param {number} ms
 * @returns {Promise<boolean>}
 */
function visible(storage, stamp, ms) {
  const shows = () => hashOf(storage.getItem(stamp.key)) === stamp.hash;
  if (shows()) return Promise.resolve(true);
  return new Promise((resolve) => {
    /** @param {boolean} seen */
    const done = (seen) => {
      removeEventListener('storage', heard);
      clearInterval(poll);
      clearTimeout(limit);
      resolve(seen);
    };
    const check = () => { if (shows()) done(true); };
    /** @param {StorageEvent} event */
    const heard = (event) => { if (event.key === stamp.key || event.key === null) check(); };
    addEventListener('storage', heard);
    const poll = setInterval(check, 2);
    const limit = setTimeout(() => done(shows()), ms);
  });
}

/**
 * Runs `pass` under the Web Lock `lockName` once this tab's view of localStorage shows the
 * previous writer's pass (see the module's comment), and resolves with its result; when the
 * pass changed items, its stamp is left for the next holder before the lock is let go (the
 * caller does not wait for that).
 * @template T
 * @param {LockManager} locks
 * @param {Storage} storage
 * @param {string} lockName
 * @param {() => {result: T, changed: Change | null}} pass
 * @returns {Promise<T>}
 */
export function inTurn(locks, storage, lockName, pass) {
  return new Promise((resolve, reject) => {
    locks.request(lockName, async () => {
      /** @type {Stamp[]} */
      let stamps = [];
      try {
        stamps = await stampsOf(locks, lockName);
      } catch {
        // No lock state to read: go on as without stamps.
      }
      const last = stamps.reduce((/** @type {Stamp | undefined} */ newest, s) => (!newest || s.seq > newest.seq ? s : newest), undefined);
      if (last && !(await visible(storage, last, WAIT_MS))) {
        console.warn(`ovasabi-state: localStorage did not show the last write under ${lockName} within ${WAIT_MS} ms; writing anyway`);
      }
      /** @type {{result: T, changed: Change | null}} */
      let outcome;
      try {
        outcome = pass();
      } catch (error) {
        reject(error);
        return;
      }
      resolve(outcome.result);
      if (outcome.changed) await leaveStamp(locks, lockName, (last?.seq ?? 0) + 1, outcome.changed, stamps);
    }).catch(reject);
  });
}

/**
 * Holds the stamp lock of a pass (until the next writer steals it), then steals the older stamp
 * locks, so that the newest is the only one.
 * @param {LockManager} locks
 * @param {string} lockName
 * @param {number} seq
 * @param {Change} changed
 * @param {Stamp[]} older
 */
async function leaveStamp(locks, lockName, seq, changed, older) {
  await new Promise((granted) => {
    // Held until stolen (or the page goes): the callback's promise never settles. `ifAvailable`:
    // the store's lock is held until this returns, so it must never wait (a name already held
    // is a stamp nobody can be waiting for but this pass).
    locks.request(`${STAMP}${lockName}#${seq}.${hashOf(changed.text)}:${changed.k}`, { ifAvailable: true }, (lock) => {
      granted(undefined);
      return lock ? new Promise(() => {}) : undefined;
    }).catch(() => granted(undefined));
  });
  for (const { name } of older) {
    await locks.request(name, { steal: true }, () => undefined).catch(() => undefined);
  }
}
