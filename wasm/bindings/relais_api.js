// The JavaScript API of the relais engine, appended to the Emscripten ES module (relais.mjs) with
// --extern-post-js. Plain objects out, no eval or new Function anywhere (the module is built with
// -sDYNAMIC_EXECUTION=0), so it runs under a strict Content-Security-Policy.
//
//   import { Relais } from './relais.mjs';
//   const r = await Relais.load(bytes);                     // ArrayBuffer or Uint8Array of a snapshot
//   r.nearest({ lat, lon, k, maxKm, openAt, openOn, openDuring, kinds, carriers, weightG, dimsCm, services });
//   r.get('mondial-relay', '066974');                       // the point, or null
//   r.inBox({ south, west, north, east }, filters);         // points in a map viewport
//   r.clusters({ south, west, north, east }, zoom);         // map clusters and single points
//   r.status(point, when);                                  // { open, nextOpening, nextClosing, local }
//   r.closureNotice(point, when);                           // { from, to, inForce } or null
//   r.matches(point, { openOn: '2026-12-26', unknownHoursPass: false });  // a point against filters
//   (a point whose carrier publishes no hours passes date tests unless unknownHoursPass: false)
//   const today = r.applyDelta(deltaBytes);                 // yesterday's snapshot + a delta: today's
//   today.bytes();                                          // a copy of the snapshot file, for a cache
//   r.splitPoint('mondial-relay', '066974', '2026-11-25');  // a choice as the split module takes it
//   const places = await Relais.places(tableBytes, { module: r.module });  // relais-snapshot places
//   places.search('75004'); places.search('saint-eti'); places.centre('75004');
//
// Points are RelayPoint objects { carrier, id, kind, name, address[], postcode, city, country, lat, lon, tz,
// active, services[], maxWeightG, maxDimsCm, hours, closures[], distanceM? } with hours either null (unknown),
// 'always', or { mon: [['09:00','12:00'], ...], ... } and closures [{ from, to }] as YYYY-MM-DD. carrier, kind,
// lat, lon, active and distanceM are plain fields; the others are read from the engine the first time one of
// them is read (before the snapshot is closed). p.toJSON() is the plain object: what JSON.stringify writes, and
// what to spread, structuredClone or postMessage.

const KIND_NAMES = ['shop', 'locker', 'post_office', 'store', 'drive'];
const SERVICE_NAMES = ['accessible', 'parking', 'card', 'returns', 'cod', 'refrigerated', 'late', 'sunday'];
const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
// The query block's size; its layout (doubles at 8 * i, u32 at 64 + 4 * i, open_on the i32 at 96) is
// QueryBlock in relais_exports.cc, whose static_asserts pin every offset _setQuery writes. Change both together.
const QUERY_BYTES = 144;
const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** Seconds since the epoch from a Date, a millisecond number or an ISO string. */
function toSeconds(when, name) {
  const ms = when instanceof Date ? when.getTime() : typeof when === 'string' ? Date.parse(when) : when;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new RangeError(`relais: ${name} is not a date`);
  return ms / 1000;
}

function dayNumber(isoDate, name) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate));
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).getUTCDate() !== +m[3]) throw new RangeError(`relais: ${name} must be YYYY-MM-DD`);
  return ms / 86400000;
}

function isoDate(day) {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

// Seconds since the local epoch (a wall clock read as if it were UTC) as { date, weekday (0 = Monday), time }.
function wallClock(localSeconds) {
  const day = Math.floor(localSeconds / 86400);
  return { date: isoDate(day), weekday: (((day + 3) % 7) + 7) % 7, time: hhmm(Math.floor((localSeconds - day * 86400) / 60)) };
}

function hhmm(minutes) {
  const m = minutes % 1440 === 0 && minutes > 0 ? 1440 : minutes % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function bitsOf(names, table, what) {
  let bits = 0;
  for (const name of names) {
    const bit = table.indexOf(name);
    if (bit < 0) throw new RangeError(`relais: unknown ${what} '${name}'`);
    bits |= 1 << bit;
  }
  return bits;
}

/** An Error carrying the engine's last error message and `code`. */
function relaisError(module, code) {
  const e = module._relais_last_error();
  const error = new Error(`relais: ${utf8.decode(module.HEAPU8.subarray(e, module.HEAPU8.indexOf(0, e)))}`);
  error.code = code;
  return error;
}

/** `size` bytes of wasm memory from relais_alloc; throws (code 'RELAIS_NO_MEMORY') when they do not fit. */
function allocate(module, size) {
  const ptr = module._relais_alloc(size);
  if (!ptr) {
    const error = new RangeError(`relais: ${size} bytes do not fit in the engine's memory`);
    error.code = 'RELAIS_NO_MEMORY';
    throw error;
  }
  return ptr;
}

// A piece small enough to be still in the CPU's cache when onPiece reads it back (see copyBytes).
const COPY_PIECE = 256 * 1024;

/**
 * An ArrayBuffer or Uint8Array copied into wasm memory: { ptr, length }. With onPiece(ptr, length), the copy
 * goes piece by piece and onPiece sees each piece right after it lands, while it is still in cache: hashing
 * a large snapshot that way costs a fraction of reading it again from memory afterwards.
 */
function copyBytes(module, bytes, onPiece) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const ptr = allocate(module, view.length);
  if (!onPiece) {
    module.HEAPU8.set(view, ptr);
    return { ptr, length: view.length };
  }
  for (let at = 0; at < view.length; at += COPY_PIECE) {
    const piece = view.subarray(at, at + COPY_PIECE);
    module.HEAPU8.set(piece, ptr + at);
    onPiece(ptr + at, piece.length);
  }
  return { ptr, length: view.length };
}

// JSON text (or an object, stringified) copied into wasm memory; its size is left in byteLength.
let byteLength = 0;
function copyIn(module, value) {
  const { ptr, length } = copyBytes(module, utf8Encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)));
  byteLength = length;
  return ptr;
}

class RelaisSnapshot {
  constructor(module, handle) {
    this._m = module;
    this._h = handle;
    this._query = module._relais_query(handle);
    // What many points share, decoded once: zone names, service lists, weekly hours (point() fills them).
    this._zones = [];
    this._services = [];
    this._schedules = [];
    /** Number of points. */
    this.size = module._relais_size(handle);
    /** The dataset's date, YYYY-MM-DD. */
    this.datasetDate = isoDate(module._relais_dataset_day(handle));
    /** Carrier slugs present, sorted. */
    this.carriers = [];
    for (let c = 0; c < module._relais_carrier_count(handle); c++) {
      this.carriers.push(this._string(module._relais_carrier_name(handle, c)));
    }
  }

  /** The WebAssembly module holding this snapshot: Relais.places(bytes, { module }) shares it. */
  get module() {
    return this._m;
  }

  _string(ptr) {
    const len = this._m._relais_text_length();
    return utf8.decode(this._m.HEAPU8.subarray(ptr, ptr + len));
  }

  _check() {
    if (!this._h) throw new Error('relais: snapshot closed');
  }

  // Writes the query block shared with relais_exports.cc (QueryBlock: its static_asserts list the offsets used
  // here). Views are rebuilt only when memory grew.
  _setQuery(q = {}) {
    const buffer = this._m.HEAPU8.buffer;
    if (this._views !== buffer) {
      this._views = buffer;
      this._f64 = new Float64Array(buffer, this._query, 8);
      this._u32 = new Uint32Array(buffer, this._query + 64, (QUERY_BYTES - 64) / 4);
      this._i32 = new Int32Array(buffer, this._query + 96, 1);
    }
    const f64 = this._f64, u32 = this._u32;
    // No allocation here: this runs once per query.
    f64[0] = q.lat === undefined ? NaN : +q.lat;
    f64[1] = q.lon === undefined ? NaN : +q.lon;
    f64[2] = q.maxKm === undefined || q.maxKm === null ? NaN : q.maxKm * 1000;
    f64[3] = q.openAt === undefined || q.openAt === null ? NaN : toSeconds(q.openAt, 'openAt');
    f64[4] = q.openDuring ? toSeconds(q.openDuring[0], 'openDuring[0]') : NaN;
    f64[5] = q.openDuring ? toSeconds(q.openDuring[1], 'openDuring[1]') : NaN;
    const k = q.k === undefined ? 10 : Math.floor(q.k);
    if (!(k >= 0)) throw new RangeError('relais: k must be a non-negative number');
    u32[0] = k > 10000 ? 10000 : k;
    u32[1] = q.kinds ? bitsOf(q.kinds, KIND_NAMES, 'kind') : 0xff;
    u32[2] = q.services ? bitsOf(q.services, SERVICE_NAMES, 'service') : 0;
    u32[3] = q.includeInactive ? 0 : 1;
    u32[4] = q.weightG ? Math.max(0, Math.ceil(q.weightG)) : 0;
    const dims = q.dimsCm;
    for (let d = 0; d < 3; d++) u32[5 + d] = dims ? Math.max(0, Math.ceil(dims[d]) || 0) : 0;
    this._i32[0] = q.openOn ? dayNumber(q.openOn, 'openOn') : -2147483648;
    u32[18] = q.unknownHoursPass === false ? 0 : 1;  // The engine's default: unknown hours pass.
    u32[9] = q.carriers ? 1 : 0;
    if (q.carriers) {
      u32.fill(0, 10, 18);
      for (const slug of q.carriers) {
        const c = this.carriers.indexOf(slug);
        if (c >= 0) u32[10 + (c >> 5)] |= 1 << (c & 31);
      }
    }
  }

  /**
   * The k nearest points (default 10) from {lat, lon} with the given filters, nearest first, each with
   * distanceM.
   */
  nearest(q) {
    const m = this._m;
    const count = this._nearest(q);
    const ip = m._relais_result_indices(this._h) >> 2, dp = m._relais_result_distances(this._h) >> 3;
    const rp = m._relais_result_rows(this._h, count) >> 3;
    const heapU32 = m.HEAPU32, heapF64 = m.HEAPF64;
    const points = new Array(count);
    for (let n = 0; n < count; n++) {
      const row = rp + 3 * n;
      points[n] = new RelayPoint(this, heapU32[ip + n], heapF64[row + 2], heapF64[row], heapF64[row + 1], heapF64[dp + n]);
    }
    return points;
  }

  // Runs the search of q; its results are in the engine's result arrays until the next query.
  _nearest(q) {
    this._check();
    if (!q || !Number.isFinite(+q.lat) || !Number.isFinite(+q.lon)) {
      throw new RangeError('relais: nearest needs numeric lat and lon');
    }
    this._setQuery(q);
    return this._m._relais_nearest(this._h);
  }

  /** The same search, as point indices and distances in metres (no objects built). */
  nearestIndex(q) {
    const m = this._m;
    const count = this._nearest(q);
    const ip = m._relais_result_indices(this._h) >> 2, dp = m._relais_result_distances(this._h) >> 3;
    const heapU32 = m.HEAPU32, heapF64 = m.HEAPF64;
    // Plain arrays: for a handful of results V8 builds them faster than typed arrays.
    const indices = new Array(count), distances = new Array(count);
    for (let n = 0; n < count; n++) {
      indices[n] = heapU32[ip + n];
      distances[n] = heapF64[dp + n];
    }
    return { indices, distances };
  }

  /** Points inside {south, west, north, east} (degrees) with the given filters, at most `limit`. */
  inBox(box, filters = {}) {
    this._check();
    const { south, west, north, east } = box || {};
    if (![south, west, north, east].every((v) => Number.isFinite(Number(v)))) {
      throw new RangeError('relais: inBox needs numeric south, west, north, east');
    }
    this._setQuery(filters);
    const limit = filters.limit === undefined ? 5000 : Math.max(0, Math.floor(filters.limit));
    const count = this._m._relais_in_box(this._h, south, west, north, east, limit);
    const ip = this._m._relais_result_indices(this._h) >> 2;
    return Array.from(this._m.HEAPU32.slice(ip, ip + count), (p) => this._point(p));
  }

  /**
   * What a map shows in {south, west, north, east} at `zoom`: clusters { lat, lon, count, clusterId,
   * expansionZoom } and single points { lat, lon, count: 1, pointIndex, carrier, kind } (enough to draw a
   * marker; r.point(pointIndex) gives the name and the rest when it is shown). Never one item per point of
   * a dense area: the hierarchy is precomputed in the snapshot.
   */
  clusters(box, zoom, { limit = 10000 } = {}) {
    this._check();
    const { south, west, north, east } = box || {};
    if (![south, west, north, east, zoom].every((v) => Number.isFinite(Number(v)))) {
      throw new RangeError('relais: clusters needs numeric south, west, north, east and zoom');
    }
    const count = this._m._relais_clusters(this._h, south, west, north, east, zoom, limit);
    const at = this._m._relais_cluster_rows(this._h) >> 3;
    const rows = this._m.HEAPF64.slice(at, at + 5 * count);
    const items = new Array(count);
    for (let i = 0; i < count; i++) {
      const lat = rows[5 * i], lon = rows[5 * i + 1], n = rows[5 * i + 2], node = rows[5 * i + 3], expansionZoom = rows[5 * i + 4];
      if (expansionZoom >= 0) {
        items[i] = { lat, lon, count: n, clusterId: node, expansionZoom };
        continue;
      }
      const attributes = this._m._relais_point_attributes(this._h, node);
      items[i] = { lat, lon, count: 1, pointIndex: node, carrier: this.carriers[(attributes >>> 16) & 0xff], kind: KIND_NAMES[attributes & 7] };
    }
    return items;
  }

  /** The point (carrier, id), or null: the existence check an order needs. */
  get(carrier, id) {
    this._check();
    const i = this._find(carrier, id);
    return i < 0 ? null : this.point(i);
  }

  // The index of (carrier, id), or -1.
  _find(carrier, id) {
    const c = utf8Encoder.encode(String(carrier)), d = utf8Encoder.encode(String(id));
    const buf = allocate(this._m, c.length + d.length);
    this._m.HEAPU8.set(c, buf);
    this._m.HEAPU8.set(d, buf + c.length);
    const i = this._m._relais_find(this._h, buf, c.length, buf + c.length, d.length);
    this._m._free(buf);
    return i;
  }

  /**
   * Whether `point` (an object from this snapshot, or its index) passes `filters` -- nearest()'s filters
   * without the position: e.g. matches(p, { openOn: '2026-12-26' }) (unknown hours pass unless
   * unknownHoursPass: false).
   */
  matches(point, filters) {
    this._check();
    const i = this._indexOf(point);
    this._setQuery(filters);
    return this._m._relais_point_matches(this._h, i) === 1;
  }

  /**
   * Whether the point is open at `when` (default now), and its next opening and closing as Dates; `local`
   * gives the same three instants on the point's wall clock ({ date: 'YYYY-MM-DD', weekday: 0 = Monday,
   * time: 'HH:MM' }, or null), from the snapshot's zone rule: what a list writes without an Intl formatter.
   */
  status(point, when = Date.now()) {
    this._check();
    const i = this._indexOf(point);
    const m = this._m, h = this._h;
    const t = toSeconds(when, 'when');
    const open = m._relais_point_open_at(h, i, t);
    const opening = m._relais_point_next_opening(h, i, t), closing = m._relais_point_next_closing(h, i, t);
    const next = (s) => (Number.isFinite(s) ? new Date(s * 1000) : null);
    const wall = (s) => (Number.isFinite(s) ? wallClock(s + m._relais_point_utc_offset(h, i, s)) : null);
    return {
      open: open < 0 ? null : open === 1,
      nextOpening: next(opening),
      nextClosing: next(closing),
      local: { now: wall(Math.floor(t)), nextOpening: wall(opening), nextClosing: wall(closing) },
    };
  }

  /**
   * The closure the point announces at `when` (default now): { from, to, inForce } (YYYY-MM-DD, inclusive),
   * or null. The engine's rule (wasm/engine/closure_notice.h), the one relais-edge's closure_notice follows:
   * the closure in force on the point's local day, else the first one starting within 30 days.
   */
  closureNotice(point, when = Date.now()) {
    this._check();
    const i = this._indexOf(point);
    const n = this._m._relais_point_closure_notice(this._h, i, toSeconds(when, 'when')) >> 2;
    if (!n) return null;
    const heap = this._m.HEAP32;
    return { from: isoDate(heap[n]), to: isoDate(heap[n + 1]), inForce: heap[n + 2] === 1 };
  }

  _indexOf(point) {
    // A point of this snapshot knows its index; any other object (a point of another snapshot, its toJSON(), a
    // point kept from an earlier visit) is this snapshot's point of that key, or refused.
    const own = RelayPoint.indexIn(point, this);
    const i = typeof point === 'number' ? point : own >= 0 ? own : point && typeof point === 'object' ? this._find(point.carrier, point.id) : -1;
    if (!(i >= 0 && i < this.size)) throw new TypeError('relais: a point returned by this snapshot is needed');
    return i;
  }

  /** Point index i (0 <= i < size), as nearest(), inBox() and clusters() refer to. */
  point(i, distanceM) {
    this._check();
    if (!(Number.isInteger(i) && i >= 0 && i < this.size)) throw new RangeError(`relais: no point ${i}`);
    return this._point(i, distanceM);
  }

  // Point i: what a list sorts and filters on now, the rest when it is shown (RelayPoint).
  _point(i, distanceM) {
    const m = this._m, h = this._h;
    return new RelayPoint(this, i, m._relais_point_attributes(h, i), m._relais_point_lat(h, i), m._relais_point_lon(h, i), distanceM);
  }

  // What RelayPoint reads when first asked: point i's texts, hours, closures and limits. What many points share
  // -- zone names, services, weekly hours -- is decoded once per snapshot and shared, frozen.
  _details(i) {
    this._check();
    const m = this._m, h = this._h;
    const texts = this._string(m._relais_point_texts(h, i)).split('\0');
    const attributes = m._relais_point_attributes(h, i);
    const c = m._relais_point_closures(h, i) >> 2;
    const closureCount = m._relais_text_length();
    const closures = [];
    for (let k = 0; k < closureCount; k++) closures.push({ from: isoDate(m.HEAP32[c + 2 * k]), to: isoDate(m.HEAP32[c + 2 * k + 1]) });
    return {
      id: texts[0] || '',
      name: texts[1] || '',
      address: texts[2] ? texts[2].split('\n') : [],
      postcode: texts[3] || '',
      city: texts[4] || '',
      country: texts[5] || '',
      tz: this._shared(this._zones, attributes >>> 24, () => this._string(m._relais_point_zone(h, i))),
      services: this._shared(this._services, (attributes >>> 4) & 0xff, () => Object.freeze(SERVICE_NAMES.filter((_, b) => (attributes >>> 4) & (1 << b)))),
      maxWeightG: m._relais_point_max_weight_g(h, i) || null,
      maxDimsCm: m._relais_point_max_dim_cm(h, i, 0) ? [0, 1, 2].map((d) => m._relais_point_max_dim_cm(h, i, d)) : null,
      hours: this._shared(this._schedules, m._relais_point_schedule_index(h, i), () => this._hours(m._relais_point_schedule(h, i) >> 1)),
      closures,
    };
  }

  // known[n], decoded once per snapshot (a zone's name, a set of services, a weekly schedule).
  _shared(known, n, decode) {
    let value = known[n];
    if (value === undefined) value = known[n] = decode();
    return value;
  }

  // The weekly hours written at s (u16 words) by relais_point_schedule: null (unknown), 'always', or { mon:
  // [['09:00', '12:00'], ...], ... }, frozen: one object per schedule of the snapshot, shared by its points.
  _hours(s) {
    const u16 = this._m.HEAPU16;
    if (u16[s] === 1) return 'always';
    if (u16[s] === 2) return null;
    const hours = {};
    DAY_KEYS.forEach((day, d) => {
      const spans = [];
      for (let k = 0; k < u16[s + 1 + d]; k++) {
        const at = s + 8 + (d * 4 + k) * 2;
        spans.push(Object.freeze([hhmm(u16[at]), hhmm(u16[at + 1])]));
      }
      hours[day] = Object.freeze(spans);
    });
    return Object.freeze(hours);
  }

  /**
   * The snapshot that `delta` (ArrayBuffer or Uint8Array of a relais delta) makes of this one, as a new
   * object in the same module; this one stays open. Throws an Error whose code is 'RELAIS_BAD_DELTA' when
   * the delta is damaged or made for another snapshot: then download the full file.
   */
  applyDelta(delta) {
    this._check();
    if (!this._m._relais_apply_delta) throw new Error("relais: applyDelta is relais.mjs's (the picker's engine, relais-picker.mjs, leaves it out)");
    const { ptr, length } = copyBytes(this._m, delta);
    const handle = this._m._relais_apply_delta(this._h, ptr, length);
    if (!handle) throw relaisError(this._m, 'RELAIS_BAD_DELTA');
    return new RelaisSnapshot(this._m, handle);
  }

  /** A copy of the snapshot file's bytes (e.g. to keep it for tomorrow's delta). */
  bytes() {
    this._check();
    const start = this._m._relais_bytes(this._h);
    return this._m.HEAPU8.slice(start, start + this._m._relais_byte_size(this._h));
  }

  /**
   * The point (carrier, id) as a basket split planned on `today` (YYYY-MM-DD) sees it -- { carrier, id, lat,
   * lon, max_weight_g, max_dims_cm, open_days } in the split input's format -- or null when there is none.
   * The split module (relais-split.mjs) takes relay and locker choices in this form.
   */
  splitPoint(carrier, id, today) {
    this._check();
    const i = this._find(carrier, id);
    if (i < 0) return null;
    const at = this._m._relais_split_point(this._h, i, dayNumber(today, 'today'));
    // SplitPointRow (relais_exports.cc): f64 lat, lon; u32 max_weight_g, max_dims_cm[3], open_days[2].
    const f64 = this._m.HEAPF64, u32 = this._m.HEAPU32, w = at >> 2;
    let open = '';
    for (let d = 0; d < 64; d++) open += (u32[w + 8 + (d >> 5)] >>> (d & 31)) & 1 ? '1' : '0';
    return { carrier: String(carrier), id: String(id), lat: f64[at >> 3], lon: f64[(at >> 3) + 1], max_weight_g: u32[w + 4],
      max_dims_cm: [u32[w + 5], u32[w + 6], u32[w + 7]], open_days: open };
  }

  /** Frees the snapshot's memory; the object cannot be used afterwards. */
  close() {
    if (this._h) this._m._relais_close(this._h);
    this._h = 0;
  }
}

/**
 * A relay point of a snapshot, as nearest(), inBox(), get() and point() give it. A list of ten costs the search:
 * carrier, kind, lat, lon, active and distanceM (metres, to 0.1, when the point comes from a search) are plain
 * fields, and the rest -- id, name, address, postcode, city, country, tz, services, maxWeightG, maxDimsCm,
 * hours, closures -- is decoded from the engine once, when one of them is first read (which needs the snapshot
 * still open). Reading a field of one point of a list decodes that point alone: building ten plain objects cost
 * about four times the search itself (bench/run.mjs, "relais wasm + objects").
 *
 * toJSON() is the plain object with every field, in the order above: JSON.stringify writes it, and it is what
 * to spread ({ ...p.toJSON() }), structuredClone or postMessage -- those copy own fields only.
 */
class RelayPoint {
  #snapshot;
  #index;
  #details = null;

  constructor(snapshot, index, attributes, lat, lon, distanceM) {
    this.#snapshot = snapshot;
    this.#index = index;
    // Always the same fields in the same order: one hidden class for every point.
    this.carrier = snapshot.carriers[(attributes >>> 16) & 0xff];
    this.kind = KIND_NAMES[attributes & 7];
    this.lat = lat;
    this.lon = lon;
    this.active = (attributes & 8) !== 0;
    this.distanceM = distanceM === undefined ? undefined : Math.round(distanceM * 10) / 10;
  }

  /** The point's index in `snapshot` if it is one of its points, else -1. */
  static indexIn(point, snapshot) {
    return typeof point === 'object' && point !== null && #index in point && point.#snapshot === snapshot ? point.#index : -1;
  }

  #read() {
    if (this.#details) return this.#details;
    if (!this.#snapshot._h) throw new Error("relais: this point's snapshot is closed; read its fields (or toJSON()) before close()");
    return (this.#details = this.#snapshot._details(this.#index));
  }

  get id() { return this.#read().id; }
  get name() { return this.#read().name; }
  get address() { return this.#read().address; }
  get postcode() { return this.#read().postcode; }
  get city() { return this.#read().city; }
  get country() { return this.#read().country; }
  get tz() { return this.#read().tz; }
  get services() { return this.#read().services; }
  get maxWeightG() { return this.#read().maxWeightG; }
  get maxDimsCm() { return this.#read().maxDimsCm; }
  get hours() { return this.#read().hours; }
  get closures() { return this.#read().closures; }

  /** The plain object of every field (distanceM only when the point comes from a search). */
  toJSON() {
    const d = this.#read();
    const plain = { carrier: this.carrier, id: d.id, kind: this.kind, name: d.name, address: d.address, postcode: d.postcode,
      city: d.city, country: d.country, lat: this.lat, lon: this.lon, tz: d.tz, active: this.active, services: d.services,
      maxWeightG: d.maxWeightG, maxDimsCm: d.maxDimsCm, hours: d.hours, closures: d.closures };
    if (this.distanceM !== undefined) plain.distanceM = this.distanceM;
    return plain;
  }
}

/**
 * A place table (relais-snapshot places): postcodes and towns with their coordinates, searched offline.
 * Places are { postcode, town, lat, lon }; towns as La Poste publishes them (upper case, no accents).
 */
class RelaisPlaces {
  constructor(module, handle) {
    this._m = module;
    this._h = handle;
    /** Number of places. */
    this.size = module._relais_places_size(handle);
  }

  _text(ptr) {
    return utf8.decode(this._m.HEAPU8.subarray(ptr, ptr + this._m._relais_text_length()));
  }

  /**
   * What a search box holds: postcode digits (at least 2) give the places of those postcodes in postcode
   * order, letters give towns by name (the exact name first); at most `limit` (default 8) places.
   */
  search(text, limit = 8) {
    if (!this._h) throw new Error('relais: place table closed');
    const m = this._m;
    const count = m._relais_places_search(this._h, copyIn(m, String(text)), byteLength, Math.max(0, limit | 0));
    const at = m._relais_places_found(this._h) >> 2;
    return Array.from(m.HEAPU32.slice(at, at + count), (i) => ({
      postcode: this._text(m._relais_place_postcode(this._h, i)),
      town: this._text(m._relais_place_town(this._h, i)),
      lat: m._relais_place_lat(this._h, i),
      lon: m._relais_place_lon(this._h, i),
    }));
  }

  /** The middle of a postcode's places as { lat, lon }, or null when the postcode is unknown. */
  centre(postcode) {
    if (!this._h) throw new Error('relais: place table closed');
    const m = this._m;
    const at = m._relais_places_centre(this._h, copyIn(m, String(postcode).trim()), byteLength) >> 3;
    return at ? { lat: m.HEAPF64[at], lon: m.HEAPF64[at + 1] } : null;
  }

  close() {
    if (this._h) this._m._relais_places_close(this._h);
    this._h = 0;
  }
}

/**
 * Copies a fetch Response's body into wasm memory as it arrives (no intermediate ArrayBuffer of the whole
 * file when the server sends Content-Length): { ptr, length } from relais_alloc. Rejects when the response
 * is not 2xx or ends early.
 */
async function streamIn(module, response, onPiece) {
  const fail = (message) => Object.assign(new Error(`relais: ${message}`), { code: 'RELAIS_FETCH' });
  if (!response.ok) throw fail(`HTTP ${response.status}`);
  const declared = Number(response.headers.get('Content-Length'));
  const encoded = response.headers.get('Content-Encoding');
  if (!response.body || !(declared > 0) || (encoded && encoded !== 'identity')) {
    return copyBytes(module, await response.arrayBuffer(), onPiece);
  }
  const ptr = allocate(module, declared);
  try {
    let at = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > declared) throw fail('the response is longer than its Content-Length');
      module.HEAPU8.set(value, ptr + at);
      if (onPiece) onPiece(ptr + at, value.length);
      at += value.length;
    }
    if (at !== declared) throw fail(`the response ended after ${at} of ${declared} bytes`);
  } catch (error) {
    module._free(ptr);  // Never opened: a broken download leaves nothing behind.
    throw error;
  }
  return { ptr, length: declared };
}

/**
 * Bytes (ArrayBuffer, Uint8Array or a fetch Response, streamed) into wasm memory: { ptr, length }; the
 * optional onPiece(ptr, length) sees every byte once, in order, as it lands.
 */
function bytesIn(module, source, onPiece) {
  return typeof Response !== 'undefined' && source instanceof Response
    ? streamIn(module, source, onPiece)
    : copyBytes(module, source, onPiece);
}

/** The module options name ({ module }), or a new one ({ wasmBinary } in node). */
async function moduleFor(options) {
  return options.module || createRelais(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {});
}

export const Relais = {
  /**
   * Opens a snapshot: ArrayBuffer, Uint8Array, or a fetch Response (its body is copied into the engine's
   * memory as it arrives). options: { wasmBinary } (node: the bytes of relais.wasm), { module } (an already
   * instantiated createRelais() module, to load several snapshots into one), { verifyChecksum } (default
   * true). Rejects with an Error whose code is 'RELAIS_BAD_SNAPSHOT' when the bytes are not a valid snapshot.
   */
  async load(bytes, options = {}) {
    const module = await moduleFor(options);
    // The checksum is computed as the bytes land (network chunks, or cache-sized pieces of a copy).
    const checksum = options.verifyChecksum === false ? 0 : module._relais_checksum_begin();
    const onPiece = checksum ? (ptr, length) => module._relais_checksum_update(checksum, ptr, length) : undefined;
    let landed;
    try {
      landed = await bytesIn(module, bytes, onPiece);
    } catch (error) {
      if (checksum) module._relais_checksum_free(checksum);
      throw error;
    }
    const handle = checksum
      ? module._relais_open_checksummed(landed.ptr, landed.length, checksum)
      : module._relais_open(landed.ptr, landed.length);
    if (!handle) throw relaisError(module, 'RELAIS_BAD_SNAPSHOT');
    return new RelaisSnapshot(module, handle);
  },
  /**
   * Opens a place table (ArrayBuffer, Uint8Array or a fetch Response, as for load()). options: { module } or
   * { wasmBinary } as for load().
   * Rejects with an Error whose code is 'RELAIS_BAD_PLACES' when the bytes are not a valid table.
   */
  async places(bytes, options = {}) {
    const module = await moduleFor(options);
    const { ptr, length } = await bytesIn(module, bytes);
    const handle = module._relais_places_open(ptr, length);
    if (!handle) throw relaisError(module, 'RELAIS_BAD_PLACES');
    return new RelaisPlaces(module, handle);
  },
  /**
   * XXH64 (seed 0) of some bytes as 16 lower-case hex digits, computed by `module` (an instantiated
   * createRelais() module): what a tile pack's page entries carry (data-sync/tile_pack.h).
   */
  xxh64(bytes, module) {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const ptr = allocate(module, view.length + 8);
    module.HEAPU8.set(view, ptr);
    module._relais_xxh64(ptr, view.length, ptr + view.length);
    const w = module.HEAPU8.buffer;
    const out = new DataView(w, ptr + view.length, 8);
    const hex = (out.getUint32(4, true).toString(16).padStart(8, '0')) + out.getUint32(0, true).toString(16).padStart(8, '0');
    module._free(ptr);
    return hex;
  },
  createModule: (options = {}) => createRelais(options),
};
