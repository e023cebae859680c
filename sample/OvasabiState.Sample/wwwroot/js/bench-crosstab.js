// @ts-check
/**
 * The cross-tab benchmark's own channel between the sending page and the listening page, and
 * its raw baseline: a bare BroadcastChannel message carrying its send time. OvasabiState's
 * writes travel on the library's own channel; this one only carries the handshake, the raw
 * pings and the results.
 *
 * Protocol: the sender says `hello` until a listener answers `ready`; then it sends raw pings
 * (and writes through the store); then `finish` with how many of each it sent; the listener
 * answers `results` with its latency samples.
 */

import { now } from './bench-probe.js';

const CHANNEL = 'ovs-bench-crosstab';

/** @type {BroadcastChannel | undefined} */
let channel;
/** @type {number[]} */
let raw = [];
/** @type {((finish: {raw: number, ours: number}) => void) | undefined} */
let onFinish;
/** @type {((results: string) => void) | undefined} */
let onResults;
let ready = false;

function open() {
  if (channel) return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => {
    const message = event.data;
    switch (message?.type) {
      case 'raw': raw.push(now() - message.sentAt); break;
      case 'hello': if (listening) channel?.postMessage({ type: 'ready' }); break;
      case 'ready': ready = true; break;
      case 'finish': onFinish?.({ raw: message.raw, ours: message.ours }); break;
      case 'results': onResults?.(message.json); break;
    }
  };
  return channel;
}

let listening = false;

/** Listener: starts answering `hello` and recording raw ping latencies. */
export function listen() {
  raw = [];
  listening = true;
  open();
}

/**
 * Listener: waits for the sender's `finish`, then for every raw ping it announced (or 2 s).
 * @param {number} timeoutMs
 * @returns {Promise<string>} JSON {raw: number[] (latencies, ms), ours: number (writes the sender made)}
 */
export function waitFinish(timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench-crosstab: no sender finished within ${timeoutMs} ms`)), timeoutMs);
    onFinish = async (finish) => {
      clearTimeout(timer);
      for (let waited = 0; raw.length < finish.raw && waited < 2000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      resolve(JSON.stringify({ raw, ours: finish.ours }));
    };
  });
}

/**
 * Listener: sends the results (JSON from .NET) to the sender.
 * @param {string} json
 */
export function postResults(json) {
  listening = false;
  open().postMessage({ type: 'results', json });
}

/**
 * Sender: says hello until a listener answers.
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
export async function waitForListener(timeoutMs) {
  ready = false;
  const c = open();
  for (let waited = 0; !ready; waited += 100) {
    if (waited >= timeoutMs) {
      throw new Error(`bench-crosstab: no listener answered within ${timeoutMs} ms; open /bench?suite=crosstab-listen&autorun=1 in another tab of this browser first`);
    }
    c.postMessage({ type: 'hello' });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sender: one raw ping stamped with the wall clock. */
export function sendRaw() {
  open().postMessage({ type: 'raw', sentAt: now() });
}

/**
 * Sender: announces the end and waits for the listener's results.
 * @param {number} rawCount
 * @param {number} oursCount
 * @param {number} timeoutMs
 * @returns {Promise<string>} the listener's results JSON
 */
export function finish(rawCount, oursCount, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench-crosstab: the listener sent no results within ${timeoutMs} ms`)), timeoutMs);
    onResults = (json) => {
      clearTimeout(timer);
      resolve(json);
    };
    open().postMessage({ type: 'finish', raw: rawCount, ours: oursCount });
  });
}
