// @ts-check
/// <reference lib="webworker" />
/**
 * OvasabiState's service-worker support, so that a Blazor WebAssembly app starts offline and
 * reads its state from IndexedDB. Served as `_content/OvasabiState/ovasabi-sw.js`; an app
 * loads it from its own worker, which stays a plain classic script (importScripts works in
 * every browser's service worker, module workers do not):
 *
 * ```js
 * // wwwroot/service-worker.js
 * self.importScripts('./service-worker-assets.js');          // optional: <ServiceWorkerAssetsManifest>
 * self.importScripts('./_content/OvasabiState/ovasabi-sw.js');
 * self.ovasabiServiceWorker.start({ manifest: self.assetsManifest });
 * ```
 *
 * and registers it from index.html with
 * `navigator.serviceWorker?.register('service-worker.js', { updateViaCache: 'none' })`, so an
 * update check never takes the imported scripts from the HTTP cache.
 *
 * - Install precaches the app shell (index.html) and, when a manifest is given, every asset it
 *   lists (.br/.gz copies left out); without one, files are cached as they are first fetched.
 * - Fingerprinted files (`_framework/`, `_content/`, `.wasm`): cache-first.
 * - Navigations: network-first into the shell entry; offline, the cached index.html answers
 *   every navigation (deep links included). Other same-origin GETs: network-first with the
 *   cache as fallback.
 * - Cache names carry the version (the manifest's, or `version`); activate deletes older ones.
 *   `skipWaiting()` and `clients.claim()` put a new worker in charge of open pages at once.
 *
 * It only adds the `ovasabiServiceWorker` namespace to the worker's global scope.
 */
(() => {
  const PREFIX = 'ovasabi-sw-';
  const SHELL = 'index.html';
  const FINGERPRINTED = /\/_framework\/|\/_content\/|\.wasm$/;
  const COMPRESSED = /\.(br|gz)$/;

  /** @typedef {{assets: {url: string, hash?: string}[], version: string}} AssetsManifest */
  /**
   * @typedef {object} Options
   * @property {AssetsManifest} [manifest] the assets manifest Blazor writes (`self.assetsManifest`)
   * @property {string} [version] the cache version when there is no manifest (default "1")
   * @property {string[]} [precache] more URLs to cache on install, relative to the worker's scope
   */

  const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

  /**
   * Hooks install, activate and fetch. Call once, at the top level of the worker script.
   * @param {Options} [options]
   */
  function start(options = {}) {
    const version = options.manifest?.version ?? options.version ?? '1';
    const cacheName = `${PREFIX}${version}`;
    const scope = sw.registration.scope;
    const shellUrl = new URL(SHELL, scope).href;
    const urls = [
      SHELL,
      ...(options.manifest?.assets ?? []).map((a) => a.url).filter((u) => !COMPRESSED.test(u) && u !== 'service-worker.js'),
      ...(options.precache ?? []),
    ].map((u) => new URL(u, scope).href);

    sw.addEventListener('install', (event) => {
      event.waitUntil((async () => {
        const cache = await caches.open(cacheName);
        // `no-cache`: the HTTP cache may hold an older index.html than the server.
        await cache.addAll([...new Set(urls)].map((u) => new Request(u, { cache: 'no-cache' })));
        await sw.skipWaiting();
      })());
    });

    sw.addEventListener('activate', (event) => {
      event.waitUntil((async () => {
        const names = await caches.keys();
        await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== cacheName).map((n) => caches.delete(n)));
        await sw.clients.claim();
      })());
    });

    sw.addEventListener('fetch', (event) => {
      const request = event.request;
      if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
      if (request.mode === 'navigate') {
        event.respondWith(networkFirst(cacheName, request, shellUrl));
      } else if (FINGERPRINTED.test(new URL(request.url).pathname)) {
        event.respondWith(cacheFirst(cacheName, request));
      } else {
        event.respondWith(networkFirst(cacheName, request, request.url));
      }
    });
  }

  /**
   * @param {string} cacheName
   * @param {Request} request
   * @returns {Promise<Response>}
   */
  async function cacheFirst(cacheName, request) {
    const cache = await caches.open(cacheName);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  }

  /**
   * @param {string} cacheName
   * @param {Request} request
   * @param {string} entry the cache key to refresh and to fall back on
   * @returns {Promise<Response>}
   */
  async function networkFirst(cacheName, request, entry) {
    const cache = await caches.open(cacheName);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') await cache.put(entry, response.clone());
      return response;
    } catch (error) {
      const hit = await cache.match(entry, { ignoreSearch: true });
      if (hit) return hit;
      throw error;
    }
  }

  /** @type {any} */ (sw).ovasabiServiceWorker = Object.freeze({ start });
})();
