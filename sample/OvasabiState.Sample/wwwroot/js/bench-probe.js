// @ts-check
/**
 * Clocks and a main-thread probe for the /bench page.
 *
 * - `now()` is wall-clock time in ms with sub-ms precision (`performance.timeOrigin + now()`),
 *   so two pages of one browser can subtract each other's timestamps (cross-tab latency).
 * - `sinceNavigation()` is ms since this page's navigation started (start-up figures).
 * - The heartbeat is a setTimeout(0) chain: the longest gap between two beats while it runs is
 *   the longest time the main thread could not run a task (a flush that issues 10,000 calls in
 *   one go shows up as one long gap). Chromium clamps nested timeouts to 4 ms, so gaps below
 *   ~4 ms mean "not blocked".
 */

/** @returns {number} */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** @returns {number} */
export function sinceNavigation() {
  return performance.now();
}

let beating = false;
let last = 0;
let longest = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

function beat() {
  const t = performance.now();
  longest = Math.max(longest, t - last);
  last = t;
  if (beating) timer = setTimeout(beat, 0);
}

/** Starts measuring the longest main-thread gap. */
export function startHeartbeat() {
  beating = true;
  last = performance.now();
  longest = 0;
  timer = setTimeout(beat, 0);
}

/**
 * Stops the heartbeat and returns the longest gap in ms, the gap still open at this moment
 * included (the caller's own synchronous work before this call counts as blocking).
 * @returns {number}
 */
export function stopHeartbeat() {
  beating = false;
  clearTimeout(timer);
  return Math.max(longest, performance.now() - last);
}

/**
 * A promise resolved in a later task (a MessageChannel message), as an IndexedDB request's
 * success event resolves one, with nothing else done: an asynchronous [JSImport] call to this
 * costs what the interop round trip alone costs.
 * @returns {Promise<number>}
 */
export function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(0); };
    channel.port2.postMessage(0);
  });
}

/**
 * {@link nextTask}, resolving with `{ v: Uint8Array(length) }`: the shape a single get returns
 * to .NET (read there as a JSObject and one byte-array property).
 * @param {number} length
 * @returns {Promise<{v: Uint8Array}>}
 */
export async function nextTaskBytes(length) {
  await nextTask();
  return { v: new Uint8Array(length) };
}

/**
 * {@link nextTask} awaited in JavaScript alone: the anchor for the round trip.
 * @returns {Promise<number>} ms
 */
export async function timeNextTask() {
  const start = performance.now();
  await nextTask();
  return performance.now() - start;
}
