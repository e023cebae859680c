// The sample's service worker: the app shell and the _framework files from the cache when
// offline (see the runtime's ovasabi-sw.js). service-worker-assets.js is the assets manifest
// the build writes (<ServiceWorkerAssetsManifest> in the project): the files precached on install.
self.importScripts('./service-worker-assets.js');
self.importScripts('./_content/OvasabiState/ovasabi-sw.js');
self.ovasabiServiceWorker.start({ manifest: self.assetsManifest });
