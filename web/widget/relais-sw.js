// relais-sw.js: the widget's optional service worker, for shoppers who come back and shoppers offline. Serve this
// file from your own origin (a service worker cannot come from another one), at the root or with a
// Service-Worker-Allowed header covering your checkout, and name it on the element:
//
//   <relais-picker snapshot="/relais/points.tiles" service-worker="/relais-sw.js" ...>
//
// The widget registers it with ?widget=<the widget's folder>. It then
//   - keeps the widget's code (that folder's files) in Cache Storage, fetched when it installs, and answers
//     from there at once while it asks the host for a newer copy (stale-while-revalidate: a new release is
//     used from the visit after it was fetched);
//   - keeps the pages the shopper opened (navigations: the network first, the copy when there is none), so the
//     checkout opens offline;
//   - leaves the snapshot alone: the widget reads the tile pack by ranges and keeps its own copy of it.
// Nothing else of the origin is touched.
const params = new URL(self.location.href).searchParams;
const WIDGET = new URL(params.get('widget') || './', self.location.href).href;
const CODE_CACHE = 'relais-code-v1';
const PAGE_CACHE = 'relais-pages-v1';
// What a page with the widget loads: the list's code first, then the map's.
const CODE = ['relais-widget.js', 'relais-picker.wasm', 'relais-widget.css', 'picker-map.js', 'picker-map.css', 'leaflet.js', 'leaflet.css', 'france.geojson'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CODE_CACHE)
    .then((cache) => cache.addAll(CODE.map((file) => new URL(file, WIDGET).href)))
    .catch(() => {})  // A file missing on this host: it is cached when first fetched.
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const path = new URL(request.url).pathname;
  if (request.url.startsWith(WIDGET) && !/\.(tiles|relais|rlpt)$/.test(path)) event.respondWith(fromCode(event));
  else if (request.mode === 'navigate') event.respondWith(page(request));
});

// The cached copy at once (refreshed in the background), else the network's answer, kept. A copy is replaced
// only when the host's differs (its ETag, else its Last-Modified): Chrome keeps the compiled code of a script
// cached at install beside that entry, and a put of the same bytes would throw it away -- the next visit would
// compile the widget again (a sixth of a returning shopper's wait on a phone).
async function fromCode(event) {
  const cache = await caches.open(CODE_CACHE);
  const cached = await cache.match(event.request, { ignoreSearch: true });
  const version = (r) => r && (r.headers.get('etag') || r.headers.get('last-modified'));
  const fresh = fetch(event.request).then((response) => {
    const same = cached && version(response) && version(response) === version(cached);
    if (response.ok && !same) cache.put(event.request, response.clone()).catch(() => {});
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => {}));
    return cached;
  }
  return fresh;
}

// The network's page, kept; the kept copy when the network does not answer.
async function page(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}
