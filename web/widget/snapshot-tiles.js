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

import { ENTRY, FIRST_REQUEST, HEADER, MAX_PAGE_ENTRIES, MAX_POSTCODE_PAGES, MAX_TILE_BYTES, PACK_MAGIC, POSTCODE_BLOCK,
  SNAPSHOT_MAGIC, boxDistanceM, hex64, magicAt, packError, readEntries } from './pack-format.js';
import { fetchRange, openWhole } from './pack-fetch.js';
import { cacheGet, cacheKey, cachePut, openTileCache, pruneCache } from './tile-cache.js';

export { boxDistanceM } from './pack-format.js';

const utf8 = new TextDecoder();

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
  // The host is asked at once, while this browser's copy is looked up: a first visit does not wait for the
  // cache's answer (tens of ms on a phone), and for a returning one this request is the revalidation.
  const network = fetchRange(url, 0, FIRST_REQUEST, true);
  network.catch(() => {});  // Offline: the copy answers, and revalidate() says so.
  const store = cache ? await openTileCache() : null;
  const saved = await cacheGet(store, cacheKey(url, 'first'));
  if (saved) {
    try {
      const tiles = tiledFrom(url, saved.bytes, Number(saved.headers.get('X-Relais-Pack-Size')) || Infinity, { Relais, module }, store);
      tiles.cachedAt = Number(saved.headers.get('X-Relais-Saved')) || 0;
      tiles._asked = network;
      return { tiles };
    } catch {
      // A damaged copy: read the pack again.
    }
  }
  const first = await network;
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
    this._asked = null;  // The host's answer to the first bytes, asked for while the copy was read.
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
    // The request openSnapshot() made while it read the copy, else a new one.
    const asked = this._asked;
    this._asked = null;
    try {
      first = await (asked || fetchRange(this._url, 0, FIRST_REQUEST, true));
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
