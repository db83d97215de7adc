// relais-sw.js: the widget's optional service worker, for shoppers who come back and shoppers offline. Serve this
// file from your own origin (a service worker cannot come from another one), at the root or with a
// Service-Worker-Allowed header covering your checkout, and name it on the element:
//
//   <relais-picker snapshot="/relais/points.tiles" service-worker="/relais-sw.js" ...>
//
// The widget registers it with ?widget=<the widget's folder> (and &base=<its base-layer>, when on this origin).
// It then
//   - keeps the widget's code (that folder's files) in Cache Storage, fetched when it installs, and answers
//     from there at once while it asks the host for a newer copy (stale-while-revalidate: a new release is
//     used from the visit after it was fetched);
//   - keeps the pages the shopper opened and what they load from this origin (scripts, styles, images, fonts,
//     the map's base layer): the network first, the copy when there is none, so the checkout opens offline.
//     A page or file sent with Cache-Control "no-store" or "private" is never kept: send your account pages so;
//   - leaves the snapshot alone: the widget reads the tile pack by ranges and keeps its own copy of it;
//   - never touches API calls (fetch() and XHR other than the base layer) nor other origins.
const params = new URL(self.location.href).searchParams;
const WIDGET = new URL(params.get('widget') || './', self.location.href).href;
const BASE_LAYER = params.get('base') ? new URL(params.get('base'), self.location.href).href : null;
// What a page loads that the copy may answer offline.
const PAGE_FILES = new Set(['script', 'style', 'image', 'font', 'manifest']);
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
  const url = new URL(request.url);
  if (request.url.startsWith(WIDGET) && !/\.(tiles|relais|rlpt)$/.test(url.pathname)) event.respondWith(fromCode(event));
  else if (request.mode === 'navigate') event.respondWith(page(request, true));
  else if (url.origin === self.location.origin && (PAGE_FILES.has(request.destination) || request.url === BASE_LAYER)) {
    event.respondWith(page(request, false));
  }
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

// The network's page (or file), kept unless the host says it must not be; the kept copy when the network does
// not answer. A page opened with another query (a campaign's tag) gets the copy of the same path.
async function page(request, navigation) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    const personal = /no-store|private/i.test(response.headers.get('cache-control') || '');
    if (response.ok && !personal) cache.put(request, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: navigation });
    if (cached) return cached;
    throw error;
  }
}
