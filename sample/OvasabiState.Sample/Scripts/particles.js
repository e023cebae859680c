// @ts-check
/**
 * The Analytics page's JavaScript ([JSImport] module "particles", bundled with Three.js into
 * wwwroot/js/particles.bundle.js by the build). Simulation/ParticlesInterop.cs is its .NET side.
 *
 * Per frame: requestAnimationFrame calls .NET's [JSExport] ParticleFrames.Frame, which steps the
 * simulation and hands the positions over through `upload` (a MemoryView over the .NET buffer,
 * copied into the preallocated Float32Array of the Points geometry; never `slice()`), then the
 * scene is drawn. Nothing here allocates buffers per frame. In the page's render-only mode (the
 * frame-rate benchmark's anchor) Frame only notes the time, so the same loop draws unchanged
 * positions: Three.js alone, with FPS measured the same way.
 */
import { ParticleView } from './particle-view.js';
import { seedParticles, stepParticles } from './particle-step.js';

export { databaseStats } from './db-stats.js';

/** @type {ParticleView | null} */
let view = null;
/** @type {number} */
let frameRequest = 0;
/** @type {{ Frame: () => void } | null} */
let frames = null;
/** The bench's target buffer (no canvas): the handoff without Three.js. */
let benchBytes = new Uint8Array(0);

/**
 * Loads the [JSExport] entry points of the sample's assembly (once).
 * @param {string} assembly
 */
export async function initialize(assembly) {
  if (frames) return;
  const runtime = await /** @type {any} */ (globalThis).getDotnetRuntime(0);
  const exports = await runtime.getAssemblyExports(assembly);
  frames = exports.OvasabiState.Sample.Simulation.ParticleFrames;
}

/**
 * Creates the view on the canvas with that id, for `count` particles.
 * @param {string} canvasId @param {number} count
 * @returns {boolean} true when WebGL draws the cloud (false: figures only)
 */
export function createView(canvasId, count) {
  disposeView();
  const canvas = /** @type {HTMLCanvasElement | null} */ (document.getElementById(canvasId));
  if (!canvas) throw new Error(`No canvas #${canvasId}`);
  view = new ParticleView(canvas, count);
  return view.drawing;
}

/** @param {number} count particles */
export function resizeView(count) {
  view?.resize(count);
}

/**
 * The handoff: copies the .NET positions (bytes of interleaved float x, y, z) into the geometry.
 * @param {any} span a MemoryView, valid only during this call
 */
export function upload(span) {
  if (!view) return;
  span.copyTo(view.bytes);
  view.touch();
}

/** Draws the current positions once (after a restore while stopped). */
export function draw() {
  view?.render(performance.now());
}

/** Starts the animation loop: each frame .NET steps and uploads, then the cloud is drawn. */
export function startLoop() {
  if (frameRequest || !frames) return;
  const tick = (/** @type {number} */ time) => {
    frameRequest = requestAnimationFrame(tick);
    frames?.Frame();
    view?.render(time);
  };
  frameRequest = requestAnimationFrame(tick);
}

export function stopLoop() {
  if (frameRequest) cancelAnimationFrame(frameRequest);
  frameRequest = 0;
}

export function disposeView() {
  stopLoop();
  view?.dispose();
  view = null;
}

/** @returns {number} frames drawn by the current view (window.ovasabiParticles.renders), 0 without one */
function renders() {
  return view?.renders ?? 0;
}

/**
 * The first `n` coordinates the view holds, for tests (window.ovasabiParticles.probe): cheap.
 * @param {number} n
 * @returns {number[]}
 */
function probe(n) {
  return view ? Array.from(view.positions.subarray(0, Math.min(n, view.positions.length))) : [];
}

// The tests' read-only hook: the positions that reached JavaScript, and the frames drawn.
/** @type {any} */ (globalThis).ovasabiParticles = Object.freeze({ probe, renders });

// ------------------------------------------------------------------ bench (no canvas)

/** @param {number} count particles: the handoff target of {@link benchUpload} */
export function benchPrepare(count) {
  benchBytes = new Uint8Array(count * 12);
}

/** The handoff alone: the same copy as {@link upload}, into a buffer no view draws. @param {any} span */
export function benchUpload(span) {
  span.copyTo(benchBytes);
}

/**
 * Median ms of the plain-JS step on `count` particles (the anchor of the C# step), after
 * `warmup` steps; each sample times `batch` steps so that short steps stay above the timer's
 * resolution.
 * @param {number} count @param {number} warmup @param {number} samples @param {number} batch
 * @param {number} dt @param {number} gravity @param {number} bound
 * @param {number} kx @param {number} ky @param {number} kz
 */
export function benchJsStep(count, warmup, samples, batch, dt, gravity, bound, kx, ky, kz) {
  const positions = new Float32Array(count * 3);
  const velocities = new Float32Array(count * 3);
  seedParticles(positions, velocities, 12345);
  const p = { dt, gravity, bound, stiffness: new Float32Array([kx, ky, kz]) };
  for (let i = 0; i < warmup; i++) stepParticles(positions, velocities, count, p);
  const times = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let b = 0; b < batch; b++) stepParticles(positions, velocities, count, p);
    times[s] = (performance.now() - start) / batch;
  }
  times.sort();
  return times[Math.floor(samples / 2)];
}

/** @returns {number} the JS heap in use, or -1 where the browser does not tell (non-Chromium) */
export function jsHeapBytes() {
  return /** @type {any} */ (performance).memory?.usedJSHeapSize ?? -1;
}
