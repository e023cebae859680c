// @ts-check
/**
 * The page's environment and the other tabs: the BroadcastChannel `ovasabi-state`, and the
 * online, offline and page-hide events. Both .NET boundaries listen here: JSBrowserStorage
 * through its [JSExport] handlers (`initialize`), JSRuntimeBrowserStorage through a
 * DotNetObjectReference (`subscribe`). The page is hooked once, whoever comes first.
 */

const CHANNEL = 'ovasabi-state';

/** What .NET hears: BrowserEvent 0 online, 1 offline, 2 page hide; and other tabs' messages. */
/** @typedef {{environment(kind: number): void, message(store: string, key: string, origin: string, hash: string): void, messages(store: string, origin: string, keys: string[], hashes: string[]): void}} Sink */
/** @typedef {{OnEnvironment(kind: number): void, OnMessage(store: string, key: string, origin: string, hash: string): void, OnMessages(store: string, origin: string, keys: string[], hashes: string[]): void}} DotnetEvents */
/** @typedef {{invokeMethodAsync(method: string, ...args: unknown[]): Promise<unknown>}} DotNetObjectReference */

/** @type {Map<number, Sink>} */
const sinks = new Map();
let nextSink = 1;

/** @type {BroadcastChannel | null} */
let channel = null;

/** @type {((database: string, store: string) => void)[]} who hears other tabs' journal notices (ovasabi-indexeddb.js) */
const journalListeners = [];
let hooked = false;

/** @type {Promise<void> | null} the [JSExport] sink, added once per page */
let exportsSink = null;

/**
 * True between a hide and the next show: `visibilitychange` (hidden) and `pagehide` usually both
 * fire for one hide, and one hide must produce one flush.
 */
let hidden = false;

/** @param {(sink: Sink) => void} send */
function emit(send) {
  for (const sink of Array.from(sinks.values())) {
    try {
      send(sink);
    } catch (error) {
      // One listener's failure must not keep the event from the others.
      console.error('ovasabi-state: an event handler failed', error);
    }
  }
}

function hide() {
  if (hidden) return;
  hidden = true;
  emit((sink) => sink.environment(2));
}

function show() {
  hidden = false;
}

/** Hooks the page's events and opens the channel (once per page). */
function hook() {
  if (hooked) return;
  hooked = true;
  channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  if (channel) {
    channel.onmessage = (event) => {
      const m = event.data;
      if (m && typeof m.journal === 'string' && typeof m.store === 'string') {
        for (const listener of journalListeners) listener(m.journal, m.store);
        return;
      }
      if (!m || typeof m.store !== 'string' || typeof m.origin !== 'string') return;
      if (typeof m.key === 'string' && typeof m.hash === 'string') {
        emit((sink) => sink.message(m.store, m.key, m.origin, m.hash));
      } else if (isTexts(m.keys) && isTexts(m.hashes) && m.keys.length === m.hashes.length && m.keys.length > 0) {
        emit((sink) => sink.messages(m.store, m.origin, m.keys, m.hashes));
      }
    };
  }

  addEventListener('online', () => emit((sink) => sink.environment(0)));
  addEventListener('offline', () => emit((sink) => sink.environment(1)));
  addEventListener('pagehide', hide);
  addEventListener('pageshow', show);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') hide(); else show();
  });
}

/**
 * @param {unknown} value
 * @returns {value is string[]}
 */
function isTexts(value) {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * @param {Sink} sink
 * @returns {number} the id to unsubscribe with
 */
function add(sink) {
  hook();
  const id = nextSink++;
  sinks.set(id, sink);
  return id;
}

/**
 * Routes the page's events to .NET's [JSExport] handlers (OvasabiState.Browser.JSBrowserEvents),
 * once per page; later calls return the first call's promise.
 * @param {string} assembly the .NET assembly exporting the handlers
 * @returns {Promise<void>}
 */
export function initialize(assembly) {
  exportsSink ??= (async () => {
    const runtime = await /** @type {any} */ (globalThis).getDotnetRuntime(0);
    const exports = await runtime.getAssemblyExports(assembly);
    /** @type {DotnetEvents} */
    const events = exports.OvasabiState.Browser.JSBrowserEvents;
    add({
      environment: (kind) => events.OnEnvironment(kind),
      message: (store, key, origin, hash) => events.OnMessage(store, key, origin, hash),
      messages: (store, origin, keys, hashes) => events.OnMessages(store, origin, keys, hashes),
    });
  })();
  exportsSink.catch(() => { exportsSink = null; });
  return exportsSink;
}

/**
 * Routes the page's events to a .NET object's [JSInvokable] OnEnvironment(int),
 * OnMessage(string, string, string, string) and OnMessages(string, string, string[], string[])
 * (JSRuntimeBrowserStorage). Works in every render
 * mode, as it needs only IJSRuntime.
 * @param {DotNetObjectReference} target
 * @returns {number} the id to pass to {@link unsubscribe}
 */
export function subscribe(target) {
  /** @param {Promise<unknown>} call */
  const quiet = (call) => {
    // A reference disposed while an event was on its way, or a closed circuit: nobody to tell.
    call.catch(() => {});
  };
  return add({
    environment: (kind) => quiet(target.invokeMethodAsync('OnEnvironment', kind)),
    message: (store, key, origin, hash) => quiet(target.invokeMethodAsync('OnMessage', store, key, origin, hash)),
    messages: (store, origin, keys, hashes) => quiet(target.invokeMethodAsync('OnMessages', store, origin, keys, hashes)),
  });
}

/**
 * Stops routing events to a subscriber.
 * @param {number} id
 */
export function unsubscribe(id) {
  sinks.delete(id);
}

/** @returns {boolean} */
export function isOnline() {
  return navigator.onLine;
}

/**
 * Tells the other tabs of this origin (not this one) that a record changed.
 * @param {string} store
 * @param {string} key
 * @param {string} origin
 * @param {string} hash the content hash as decimal text (a 64-bit number does not fit a double)
 */
export function broadcast(store, key, origin, hash) {
  hook();
  channel?.postMessage({ store, key, origin, hash });
}

/**
 * Tells the other tabs of this origin (not this one) that several records of one store changed,
 * in one message (a flush announces everything it wrote at once).
 * @param {string} store
 * @param {string} origin
 * @param {string[]} keys
 * @param {string[]} hashes one per key, as decimal text
 */
export function broadcastMany(store, origin, keys, hashes) {
  hook();
  channel?.postMessage({ store, origin, keys, hashes });
}

/**
 * Tells the other tabs that a batch was committed into a store's journal (see
 * ovasabi-journal.js), so their next read of the store spreads it first. Sent on the same
 * channel as the change messages, before them, so a tab hears of the journal before it reads
 * the records the changes name.
 * @param {string} database
 * @param {string} store
 */
export function announceJournal(database, store) {
  hook();
  channel?.postMessage({ journal: database, store });
}

/**
 * Calls `listener` for every journal notice from another tab.
 * @param {(database: string, store: string) => void} listener
 */
export function hearJournals(listener) {
  hook();
  journalListeners.push(listener);
}
