// A returning shopper's first list comes from Cache Storage: the pack's header and root page as last read,
// and every page, tile and whole snapshot read before, each stored under its own checksum -- so a new version
// of the pack reuses every tile that did not change, and only the changed ones travel. Without Cache Storage
// (an insecure origin, storage denied) everything works from the network as on a first visit.

const CACHE_NAME = 'relais-tiles-v1';
const CACHE_KEEP = 2000;  // Cached pages and tiles kept (about 10 MB); the oldest go first.

export async function openTileCache() {
  try {
    return globalThis.caches ? await globalThis.caches.open(CACHE_NAME) : null;
  } catch {
    return null;
  }
}

// The cache key of `what` for the pack at `url` (a URL of the pack's origin, never requested as such).
export function cacheKey(url, what) {
  const key = new URL(url, globalThis.location?.href);
  key.searchParams.set('relais-cache', what);
  return key.href;
}

export function cachePut(store, key, bytes, headers = {}) {
  if (!store) return;
  const response = new Response(bytes, { headers: { 'Content-Length': String(bytes.length), 'X-Relais-Saved': String(Date.now()), ...headers } });
  store.put(key, response).catch(() => {});  // A full or denied store: the copy is only not kept.
}

export async function cacheGet(store, key) {
  if (!store) return null;
  try {
    const hit = await store.match(key);
    return hit ? { bytes: new Uint8Array(await hit.arrayBuffer()), headers: hit.headers } : null;
  } catch {
    return null;
  }
}

// Keeps the newest CACHE_KEEP pages and tiles (and the newest whole snapshot).
export async function pruneCache(store) {
  try {
    const keys = await store.keys();
    const dated = await Promise.all(keys.filter((k) => /relais-cache=(tile|page|whole)-/.test(k.url)).map(async (k) => {
      const hit = await store.match(k);
      return { k, whole: k.url.includes('relais-cache=whole-'), at: Number(hit?.headers.get('X-Relais-Saved')) || 0 };
    }));
    dated.sort((a, b) => b.at - a.at);
    const wholes = dated.filter((d) => d.whole).slice(1);
    const parts = dated.filter((d) => !d.whole).slice(CACHE_KEEP);
    await Promise.all([...wholes, ...parts].map((d) => store.delete(d.k)));
  } catch {
    // Pruning is housekeeping: the next version tries again.
  }
}
