// Opening the picker's snapshot by regional tiles: a tile pack (data-sync/tile_pack.h, made by `relais-snapshot
// tiles`) is read with HTTP Range requests -- the header, root page and postcode directory first (11 KB), then
// the tiles around the shopper -- so that the first list costs some 20-50 KB of data whatever the size of the
// dataset. The whole snapshot, which the pack carries right after those, comes afterwards, in the background
// (for the map), or at once when the server ignores Range (it then sends the whole pack, and reading stops
// after the snapshot).
//
// What an observer of the requests learns: the byte ranges name tiles, and a tile is the area of at most
// `tilePoints` points (128 by default) -- a district of a dense city, a canton in the countryside -- never the
// postcode typed or the position; the neighbour tiles fetched for a list narrow it to their common corner.
//
//   const opened = await openSnapshot(url, { Relais, module });
//   opened.whole   // a RelaisSnapshot when the file was read whole (plain snapshot, or Range ignored)
//   opened.tiles   // else a TiledSnapshot: await tiles.prepare(query), then tiles.nearest(query) and the rest

const PACK_MAGIC = 'RELAISt\n';
const SNAPSHOT_MAGIC = 'RELAISv\n';
const HEADER = 64;
const ENTRY = 40;
const MAX_PAGE_ENTRIES = 256;
const MAX_POSTCODE_PAGES = 128;
const POSTCODE_BLOCK = 24;
// The header, the largest root page and the largest postcode block: what the first request asks for.
const FIRST_REQUEST = HEADER + MAX_PAGE_ENTRIES * ENTRY + POSTCODE_BLOCK + MAX_POSTCODE_PAGES * 8;
const PAGE_BIT = 0x80000000;
const MAX_TILE_BYTES = 4 << 20;  // A tile of 128 points deflates to about 5 KB; anything near this is damage.
const EARTH_RADIUS_M = 6371008.8;  // wasm/engine/geo.h's.
const RAD = Math.PI / 180;
const utf8 = new TextDecoder();

/** @param {Uint8Array} bytes @param {number} at */
function magicAt(bytes, at = 0) {
  return String.fromCharCode(...bytes.subarray(at, at + 8));
}

/** @param {string} message */
function packError(message) {
  return Object.assign(new Error(`relais: tile pack: ${message}`), { code: 'RELAIS_BAD_SNAPSHOT' });
}

/** 16 hex digits of the u64 at `at`. @param {DataView} view @param {number} at */
function hex64(view, at) {
  return view.getUint32(at + 4, true).toString(16).padStart(8, '0') + view.getUint32(at, true).toString(16).padStart(8, '0');
}

/**
 * Great-circle distance in metres from (lat, lon) to the nearest point of a latitude/longitude box (degrees):
 * a lower bound of the distance to any point inside it. Across a meridian side, the nearest point of that
 * meridian lies at latitude atan(tan(lat) / cos(dlon)), clamped to the box.
 */
export function boxDistanceM(lat, lon, south, west, north, east) {
  if (lon >= west && lon <= east) {
    const dlat = lat < south ? south - lat : lat > north ? lat - north : 0;
    return dlat * RAD * EARTH_RADIUS_M;
  }
  const edge = lon < west ? west : east;
  let dlon = Math.abs(lon - edge);
  if (dlon > 180) dlon = 360 - dlon;
  const nearestLat = dlon >= 90 ? (lat >= 0 ? north : south)
    : Math.min(north, Math.max(south, Math.atan(Math.tan(lat * RAD) / Math.cos(dlon * RAD)) / RAD));
  const p1 = lat * RAD, p2 = nearestLat * RAD;
  const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((dlon * RAD) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The entries of a page. @param {Uint8Array} bytes
 * @returns {{south: number, west: number, north: number, east: number, offset: number, size: number,
 *   count: number, page: boolean, checksum: string}[]}
 */
function readEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = [];
  for (let at = 0; at + ENTRY <= bytes.length; at += ENTRY) {
    const count = view.getUint32(at + 28, true);
    entries.push({
      south: view.getInt32(at, true) / 1e6, west: view.getInt32(at + 4, true) / 1e6,
      north: view.getInt32(at + 8, true) / 1e6, east: view.getInt32(at + 12, true) / 1e6,
      offset: Number(view.getBigUint64(at + 16, true)), size: view.getUint32(at + 24, true),
      count: count & 0x7fffffff, page: (count & PAGE_BIT) !== 0, checksum: hex64(view, at + 32),
    });
  }
  return entries;
}

/**
 * A byte range of `url`: the bytes when the server answered 206 for exactly that range, or the response when it
 * sent the whole file (200: Range ignored).
 * @returns {Promise<{bytes: Uint8Array} | {whole: Response}>}
 */
async function fetchRange(url, from, length) {
  const response = await fetch(url, { headers: { Range: `bytes=${from}-${from + length - 1}` } });
  if (response.status === 200) return { whole: response };
  if (response.status !== 206) throw Object.assign(new Error(`relais: HTTP ${response.status}`), { code: 'RELAIS_FETCH' });
  // Another origin's host shows Content-Range only if it exposes it (Access-Control-Expose-Headers): without
  // it, a 206 of no more than the bytes asked is taken as that range.
  const contentRange = response.headers.get('Content-Range');
  const range = /^bytes (\d+)-(\d+)\//.exec(contentRange || '');
  if (contentRange !== null && (!range || Number(range[1]) !== from)) throw packError('the server sent another range');
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > length) throw packError('the server sent more than asked');
  return { bytes, total: Number(/\/(\d+)$/.exec(response.headers.get('Content-Range'))?.[1]) || Infinity };
}

/**
 * A stream of `size` bytes of `reader` after skipping `skip` of them, `head` (bytes already read) first; the
 * reader is cancelled once they are given: the rest of the file is never downloaded.
 */
function sliceStream(reader, head, skip, size) {
  let pending = head, left = size;
  return new ReadableStream({
    async pull(controller) {
      for (;;) {
        if (!pending || pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) return controller.error(packError('the file ended early'));
          pending = value;
        }
        if (skip > 0) {
          const dropped = Math.min(skip, pending.length);
          skip -= dropped;
          pending = pending.subarray(dropped);
          continue;
        }
        const piece = pending.subarray(0, left);
        pending = pending.subarray(piece.length);
        left -= piece.length;
        controller.enqueue(piece);
        if (left === 0) {
          controller.close();
          reader.cancel().catch(() => {});
        }
        return;
      }
    },
    cancel() {
      reader.cancel().catch(() => {});
    },
  });
}

/** A whole response (a plain snapshot, or a pack whose server ignored Range) opened as one snapshot. */
async function openWhole(response, Relais, module) {
  if (!response.ok) throw Object.assign(new Error(`relais: HTTP ${response.status}`), { code: 'RELAIS_FETCH' });
  const reader = response.body.getReader();
  let head = new Uint8Array(0);
  while (head.length < HEADER) {
    const { done, value } = await reader.read();
    if (done) break;
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
  }
  const magic = magicAt(head);
  let skip = 0, size = Number(response.headers.get('Content-Length')) || 0;
  if (magic === PACK_MAGIC) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    skip = Number(view.getBigUint64(24, true));
    size = Number(view.getBigUint64(32, true));
  } else if (magic !== SNAPSHOT_MAGIC || !size) {
    // Not ours, or no length to stream into: the engine says what is wrong with the bytes.
    const rest = await new Response(sliceStream(reader, head, 0, Infinity)).arrayBuffer().catch(() => head);
    return Relais.load(rest, { module });
  }
  const body = sliceStream(reader, head, skip, size);
  return Relais.load(new Response(body, { headers: { 'Content-Length': String(size) } }), { module });
}

// ---- The browser's copy ------------------------------------------------------------------------------
// A returning shopper's first list comes from Cache Storage: the pack's header and root page as last read,
// and every page, tile and whole snapshot read before, each stored under its own checksum -- so a new version
// of the pack reuses every tile that did not change, and only the changed ones travel. Without Cache Storage
// (an insecure origin, storage denied) everything works from the network as on a first visit.

const CACHE_NAME = 'relais-tiles-v1';
const CACHE_KEEP = 2000;  // Cached pages and tiles kept (about 10 MB); the oldest go first.

async function openTileCache() {
  try {
    return globalThis.caches ? await globalThis.caches.open(CACHE_NAME) : null;
  } catch {
    return null;
  }
}

// The cache key of `what` for the pack at `url` (a URL of the pack's origin, never requested as such).
function cacheKey(url, what) {
  const key = new URL(url, globalThis.location?.href);
  key.searchParams.set('relais-cache', what);
  return key.href;
}

function cachePut(store, key, bytes, headers = {}) {
  if (!store) return;
  const response = new Response(bytes, { headers: { 'Content-Length': String(bytes.length), 'X-Relais-Saved': String(Date.now()), ...headers } });
  store.put(key, response).catch(() => {});  // A full or denied store: the copy is only not kept.
}

async function cacheGet(store, key) {
  if (!store) return null;
  try {
    const hit = await store.match(key);
    return hit ? { bytes: new Uint8Array(await hit.arrayBuffer()), headers: hit.headers } : null;
  } catch {
    return null;
  }
}

// Keeps the newest CACHE_KEEP pages and tiles (and the newest whole snapshot).
async function pruneCache(store) {
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

// The TiledSnapshot of a pack whose first bytes (header and root page) are `bytes`.
function tiledFrom(url, bytes, total, { Relais, module }, store) {
  if (bytes.length < HEADER || magicAt(bytes) !== PACK_MAGIC) throw packError('bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== 1) throw packError('unsupported version');
  const rootEntries = view.getUint32(48, true);
  if (rootEntries > MAX_PAGE_ENTRIES || HEADER + rootEntries * ENTRY > bytes.length) throw packError('bad root page');
  const block = HEADER + rootEntries * ENTRY;
  if (block + POSTCODE_BLOCK > bytes.length) throw packError('bad postcode block');
  const postcodePages = view.getUint32(block, true);
  const keysEnd = block + POSTCODE_BLOCK + postcodePages * 8;
  if (postcodePages > MAX_POSTCODE_PAGES || keysEnd > bytes.length) throw packError('bad postcode block');
  const first = bytes.slice(0, keysEnd);
  const root = first.subarray(HEADER, block);
  const keys = first.subarray(block + POSTCODE_BLOCK, keysEnd);
  // The header, root page and postcode directory are checked against the header's checksum (XXH64 of bytes
  // [12, 56) then [64, their end)) once the engine is there; tiles may be fetched before (nothing read from
  // them is used until it is checked).
  const checksum = hex64(view, 56);
  const covered = new Uint8Array(44 + (keysEnd - HEADER));
  covered.set(first.subarray(12, 56));
  covered.set(first.subarray(HEADER), 44);
  const ready = Promise.resolve(module).then((m) => {
    if (Relais.xxh64(covered, m) !== checksum) throw packError('the header and root page do not match their checksum');
    return m;
  });
  ready.catch(() => {});
  const day = view.getInt32(16, true);
  return new TiledSnapshot(url, { Relais, module, ready, store }, {
    first, size: view.getUint32(20, true), datasetDate: new Date(day * 86400000).toISOString().slice(0, 10),
    tilePoints: view.getUint32(52, true), snapshotOffset: Number(view.getBigUint64(24, true)),
    snapshotSize: Number(view.getBigUint64(32, true)), checksum: hex64(view, 40), root, packSize: total,
    postcodes: { pages: postcodePages, pageSize: view.getUint32(block + 4, true), offset: Number(view.getBigUint64(block + 8, true)),
      keys: Array.from({ length: postcodePages }, (_, p) => String.fromCharCode(...keys.subarray(8 * p, 8 * p + 8)).replace(/\0+$/, '')) },
    firstChecksum: checksum,
  });
}

/**
 * Opens the snapshot at `url`: a tile pack read by ranges when the server honours them, else the whole file.
 * A pack read before in this browser opens from its cached copy without a request: `tiles.cachedAt` (ms) says
 * so, and `tiles.revalidate()` then asks the host whether a newer one is out. `cache: false` never uses it.
 * @param {string} url
 * @param {{Relais: any, module: any, cache?: boolean}} engine
 * @returns {Promise<{whole?: any, tiles?: TiledSnapshot}>}
 */
export async function openSnapshot(url, { Relais, module, cache = true }) {
  const store = cache ? await openTileCache() : null;
  const saved = await cacheGet(store, cacheKey(url, 'first'));
  if (saved) {
    try {
      const tiles = tiledFrom(url, saved.bytes, Number(saved.headers.get('X-Relais-Pack-Size')) || Infinity, { Relais, module }, store);
      tiles.cachedAt = Number(saved.headers.get('X-Relais-Saved')) || 0;
      return { tiles };
    } catch {
      // A damaged copy: read the pack again.
    }
  }
  const first = await fetchRange(url, 0, FIRST_REQUEST);
  if ('whole' in first) return { whole: await openWhole(first.whole, Relais, await module) };
  if (first.bytes.length >= 8 && magicAt(first.bytes) === SNAPSHOT_MAGIC) {
    return { whole: await openWhole(await fetch(url), Relais, await module) };  // A plain snapshot: read whole.
  }
  const tiles = tiledFrom(url, first.bytes, first.total, { Relais, module }, store);
  tiles._keepFirst();
  return { tiles };
}

/**
 * The tiles read so far, answering like one snapshot for the points they hold: nearest() is exact once
 * prepare() has read every tile that could hold one of the k nearest points.
 */
export class TiledSnapshot {
  constructor(url, engine, header) {
    this._url = url;
    this._engine = engine;
    this._Relais = engine.Relais;
    /** The engine's module, once the root page is checked against its checksum. */
    this._ready = engine.ready;
    this._store = engine.store;
    this._first = header.first;
    /** The whole snapshot's checksum: the pack's version. */
    this.checksum = header.checksum;
    /** When the cached copy this was opened from was saved (ms), or null when it came from the network. */
    this.cachedAt = null;
    this.size = header.size;
    this.datasetDate = header.datasetDate;
    this.tilePoints = header.tilePoints;
    this.snapshotOffset = header.snapshotOffset;
    this.snapshotSize = header.snapshotSize;
    this._packSize = header.packSize;
    this._postcodes = header.postcodes;
    /** The checksum of the first request's bytes: this pack's identity, header and directories included. */
    this._firstChecksum = header.firstChecksum;
    /** Entries not read yet (tiles and pages); read ones move to _loaded (tiles) or are expanded (pages). */
    this._frontier = this._entries(header.root, this._ready);
    /** @type {any[]} */
    this._loaded = [];
    /** The tile snapshot each point object came from. */
    this._owner = new WeakMap();
    /** Bytes read so far (ranges), for the bench and the tests. */
    this.bytesRead = FIRST_REQUEST;
    this.requests = 1;
    this._queue = Promise.resolve();
  }

  // The entries of a page whose check is `check`; an entry pointing outside the pack, or at more bytes than a
  // tile or page can hold, is refused before anything is requested for it.
  _entries(bytes, check) {
    return readEntries(bytes).map((e) => {
      if (e.offset + e.size > this._packSize || e.size > (e.page ? MAX_PAGE_ENTRIES * ENTRY : MAX_TILE_BYTES)) {
        throw packError('an entry points outside the pack');
      }
      return Object.assign(e, { check });
    });
  }

  // Keeps the header and root page as the copy a next visit opens from.
  _keepFirst() {
    cachePut(this._store, cacheKey(this._url, 'first'), this._first, { 'X-Relais-Pack-Size': String(this._packSize) });
  }

  /**
   * Asks the host whether the pack changed since this copy: { tiles } (the newer pack, opened the same way:
   * its unchanged tiles still come from the cache), { fresh: true } (this is the host's), or { offline: true }
   * (no answer: this copy is what there is).
   * @returns {Promise<{tiles?: TiledSnapshot, fresh?: boolean, offline?: boolean}>}
   */
  async revalidate() {
    let first;
    try {
      first = await fetchRange(this._url, 0, FIRST_REQUEST);
    } catch {
      return { offline: true };
    }
    if (!('bytes' in first)) {
      first.whole.body?.cancel().catch(() => {});
      return { offline: true };  // The host stopped honouring Range: keep the copy rather than read it all.
    }
    this.bytesRead += first.bytes.length;
    const header = new DataView(first.bytes.buffer, first.bytes.byteOffset, first.bytes.byteLength);
    // The same first bytes' checksum (header, root page, postcodes): the same pack.
    if (first.bytes.length >= HEADER && magicAt(first.bytes) === PACK_MAGIC && hex64(header, 56) === this._firstChecksum) {
      this._keepFirst();
      return { fresh: true };
    }
    const tiles = tiledFrom(this._url, first.bytes, first.total, this._engine, this._store);
    tiles._keepFirst();
    if (this._store) pruneCache(this._store);
    return { tiles };
  }

  /**
   * Where a postcode is -- { postcode, town, lat, lon } (its communes' centre, its first town as La Poste
   * writes it) -- or null when the pack has no such postcode (or no postcodes: built without a place table).
   * One small range (a page of about 80 postcodes), kept in the cache like the tiles.
   * @param {string} text
   * @returns {Promise<{postcode: string, town: string, lat: number, lon: number} | null>}
   */
  async postcode(text) {
    const code = String(text).replace(/\s+/g, '');
    const { pages, keys } = this._postcodes;
    if (!code || code.length > 8 || !pages) return null;
    let p = -1;
    while (p + 1 < pages && keys[p + 1] <= code) p++;
    if (p < 0) return null;
    const page = await this._postcodePage(p);
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    const count = view.getUint32(8, true);
    for (let r = 0, at = 12; r < count && at + 10 <= page.length; r++) {
      const codeSize = page[at + 8], townSize = page[at + 9 + codeSize];
      const found = utf8.decode(page.subarray(at + 9, at + 9 + codeSize));
      if (found === code) {
        return { postcode: found, town: utf8.decode(page.subarray(at + 10 + codeSize, at + 10 + codeSize + townSize)),
          lat: view.getInt32(at, true) / 1e6, lon: view.getInt32(at + 4, true) / 1e6 };
      }
      at += 10 + codeSize + townSize;
    }
    return null;
  }

  // Postcode page p, checked: from the cache or one range, read once however many searches ask at once.
  _postcodePage(p) {
    const pages = (this._postcodePages ||= new Map());
    if (!pages.has(p)) {
      const read = (async () => {
        const { pageSize, offset } = this._postcodes;
        const key = cacheKey(this._url, `postcodes-${this._firstChecksum}-${p}`);
        let page = (await cacheGet(this._store, key))?.bytes;
        const fetched = !page;
        if (!page) {
          const got = await fetchRange(this._url, offset + p * pageSize, pageSize);
          if (!('bytes' in got) || got.bytes.length !== pageSize) throw packError('the server stopped honouring Range');
          this.bytesRead += pageSize;
          this.requests++;
          page = got.bytes;
        }
        const module = await this._ready;
        const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
        if (this._Relais.xxh64(page.subarray(8), module) !== hex64(view, 0)) {
          if (!fetched) this._store.delete(key).catch(() => {});  // A damaged copy: the next search reads it again.
          throw packError('a postcode page does not match its checksum');
        }
        if (fetched) cachePut(this._store, key, page.slice());
        return page;
      })();
      pages.set(p, read);
      read.catch(() => pages.delete(p));
    }
    return pages.get(p);
  }

  /** Carrier slugs present in the tiles read so far, sorted. */
  get carriers() {
    return [...new Set(this._loaded.flatMap((t) => t.carriers))].sort();
  }

  /** The whole snapshot, by one range request, as a fetch Response (streamed into the engine by Relais.load). */
  async whole() {
    const key = cacheKey(this._url, `whole-${this.checksum}`);
    const module = await this._ready;
    const saved = this._store && await this._store.match(key).catch(() => null);
    if (saved) return this._Relais.load(saved, { module });
    const response = await fetch(this._url, { headers: { Range: `bytes=${this.snapshotOffset}-${this.snapshotOffset + this.snapshotSize - 1}` } });
    if (response.status !== 206) throw Object.assign(new Error(`relais: HTTP ${response.status}`), { code: 'RELAIS_FETCH' });
    this.bytesRead += this.snapshotSize;
    if (!this._store || !response.body) return this._Relais.load(response, { module });
    // One download, two readers: the engine (streamed in) and the cache (kept only if the engine took it).
    const [toEngine, toCache] = response.body.tee();
    const headers = { 'Content-Length': String(this.snapshotSize) };
    const kept = new Response(toCache, { headers: { ...headers, 'X-Relais-Saved': String(Date.now()) } });
    const copy = kept.arrayBuffer();
    copy.catch(() => {});
    const whole = await this._Relais.load(new Response(toEngine, { headers }), { module });
    copy.then((bytes) => this._store.put(key, new Response(bytes, { headers: { ...headers, 'X-Relais-Saved': String(Date.now()) } })))
      .catch(() => {});
    return whole;
  }

  /**
   * Reads the tiles that may hold one of the k nearest points of query q ({ lat, lon, k, maxKm, filters... },
   * as nearest() takes it): the nearest few first, then any tile nearer than the k-th point found.
   */
  prepare(q) {
    // One at a time: two searches never read the same tile twice.
    const done = this._queue.then(() => this._prepare(q));
    this._queue = done.catch(() => {});
    return done;
  }

  async _prepare(q) {
    const k = q.k === undefined ? 10 : q.k;
    const maxM = q.maxKm === undefined || q.maxKm === null ? Infinity : q.maxKm * 1000;
    for (;;) {
      const found = this._loaded.length ? this.nearest(q) : [];
      const bound = Math.min(maxM, found.length >= k ? found[k - 1].distanceM : Infinity);
      const near = this._frontier
        .map((e) => ({ e, d: boxDistanceM(q.lat, q.lon, e.south, e.west, e.north, e.east) }))
        .filter((x) => x.d <= bound)
        .sort((a, b) => a.d - b.d)
        // Until k points are found, the few nearest entries only (the k-th point's distance then bounds what
        // else must be read, usually a neighbour or two).
        .slice(0, found.length >= k ? 16 : 4)
        .map((x) => x.e);
      if (!near.length) return;
      await this._read(near);
    }
  }

  // Reads `entries` (pages and tiles) in as few requests as their offsets allow. On failure they stay
  // unread, for the next search to try again.
  async _read(entries) {
    const read = new Set(entries);
    this._frontier = this._frontier.filter((e) => !read.has(e));
    try {
      await this._fetchRuns(entries);
    } catch (error) {
      this._frontier.push(...entries.filter((e) => !e.done));
      throw error;
    }
  }

  async _fetchRuns(entries) {
    // Pages and tiles read before (by any version of the pack: they are stored under their checksum).
    const cached = await Promise.all(entries.map((e) => cacheGet(this._store, this._keyOf(e))));
    await Promise.all(entries.map((e, i) => cached[i] && this._open(e, cached[i].bytes).catch(() => {
      cached[i] = null;  // A damaged copy: dropped, and read from the host like the rest.
      this._store.delete(this._keyOf(e)).catch(() => {});
    })));
    const sorted = entries.filter((e, i) => !cached[i]).sort((a, b) => a.offset - b.offset);
    const runs = [];
    for (const e of sorted) {
      const run = runs.at(-1);
      if (run && e.offset === run.end) {
        run.entries.push(e);
        run.end = e.offset + e.size;
      } else runs.push({ start: e.offset, end: e.offset + e.size, entries: [e] });
    }
    await Promise.all(runs.map(async (run) => {
      const got = await fetchRange(this._url, run.start, run.end - run.start);
      if (!('bytes' in got) || got.bytes.length !== run.end - run.start) throw packError('the server stopped honouring Range');
      this.bytesRead += got.bytes.length;
      this.requests++;
      await Promise.all(run.entries.map(async (e) => {
        const bytes = got.bytes.subarray(e.offset - run.start, e.offset - run.start + e.size);
        await this._open(e, bytes);
        cachePut(this._store, this._keyOf(e), bytes.slice());  // Kept once checked and opened.
      }));
    }));
  }

  _keyOf(entry) {
    return cacheKey(this._url, `${entry.page ? 'page' : 'tile'}-${entry.checksum}`);
  }

  async _open(entry, bytes) {
    const Relais = this._Relais;
    if (entry.page) {
      // Its entries are used at once (their tiles may download while the engine does); the page is checked
      // with the engine's XXH64 before any of its tiles is opened.
      if (bytes.length % ENTRY) throw packError('a page has a bad size');
      const copy = bytes.slice();
      const check = Promise.all([this._ready, entry.check]).then(([module]) => {
        if (Relais.xxh64(copy, module) !== entry.checksum) throw packError('a page does not match its checksum');
      });
      check.catch(() => {});
      this._frontier.push(...this._entries(copy, check));
      entry.done = true;
      return;
    }
    const module = await this._ready;
    await entry.check;
    const inflated = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate')));
    const tile = new Uint8Array(await inflated.arrayBuffer().catch(() => { throw packError('a tile is not valid zlib data'); }));
    if (tile.length < HEADER || hex64(new DataView(tile.buffer), 40) !== entry.checksum) throw packError('a tile is not the one its entry names');
    this._loaded.push(await Relais.load(tile, { module }));
    entry.done = true;
  }

  /** The k nearest points of the tiles read, as RelaisSnapshot.nearest() gives them. */
  nearest(q) {
    const k = q.k === undefined ? 10 : q.k;
    const all = this._loaded.flatMap((tile) => tile.nearest(q).map((p) => {
      this._owner.set(p, tile);
      return p;
    }));
    return all.sort((a, b) => a.distanceM - b.distanceM).slice(0, k);
  }

  _tileOf(point) {
    const tile = this._owner.get(point);
    if (!tile) throw new TypeError('relais: a point returned by this snapshot is needed');
    return tile;
  }

  matches(point, filters) {
    return this._tileOf(point).matches(point, filters);
  }

  status(point, when) {
    return this._tileOf(point).status(point, when);
  }

  closureNotice(point, when) {
    return this._tileOf(point).closureNotice(point, when);
  }

  /** The point (carrier, id) if a tile read so far holds it, else null. */
  get(carrier, id) {
    for (const tile of this._loaded) {
      const p = tile.get(carrier, id);
      if (p) {
        this._owner.set(p, tile);
        return p;
      }
    }
    return null;
  }

  splitPoint(carrier, id, today) {
    for (const tile of this._loaded) {
      const p = tile.splitPoint(carrier, id, today);
      if (p) return p;
    }
    return null;
  }

  /** Frees the tiles' memory. */
  close() {
    for (const tile of this._loaded) tile.close();
    this._loaded = [];
  }
}
