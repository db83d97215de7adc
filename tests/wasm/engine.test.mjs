// The WebAssembly module through its JavaScript API, checked against the native engine (the
// relais-snapshot CLI) on the same snapshot: same points, same order, same distances.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nativeBin = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));
const wasmBinary = readFileSync(join(wasmDir, 'relais.wasm'));

const work = mkdtempSync(join(tmpdir(), 'relais-wasm-'));
const snapshotPath = join(work, 'points.relais');
let bytes;
let r;

const cli = (...args) => JSON.parse(execFileSync(nativeBin, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));

before(async () => {
  execFileSync(nativeBin, ['synth', '--count', '20000', '--seed', '5', '--out', join(work, 'points.jsonl')]);
  execFileSync(nativeBin, ['build', '--in', join(work, 'points.jsonl'), '--out', snapshotPath, '--date', '2026-11-24']);
  bytes = readFileSync(snapshotPath);
  r = await Relais.load(bytes, { wasmBinary });
});

// Canonical CLI record -> the JS API's shape.
function fromCli(p) {
  return {
    carrier: p.carrier, id: p.id, kind: p.kind, name: p.name, address: p.address, postcode: p.postcode,
    city: p.city, country: p.country, lat: p.lat, lon: p.lon, tz: p.tz, active: p.status === 'active',
    services: p.services || [], maxWeightG: p.max_weight_g || null, maxDimsCm: p.max_dims_cm || null,
    hours: p.always ? 'always' : p.hours || null, closures: p.closures || [],
  };
}

// A RelayPoint's fields, without the distance, as plain data (toJSON: its own fields are only the eager ones).
const fromJs = (p) => {
  const { distanceM, ...rest } = p.toJSON();
  return rest;
};

test('metadata', () => {
  assert.equal(r.size, 20000);
  assert.equal(r.datasetDate, '2026-11-24');
  assert.deepEqual(r.carriers, ['chronopost', 'colissimo', 'dpd', 'inpost', 'mondial-relay', 'relais-colis']);
});

const queries = [
  { lat: 48.8566, lon: 2.3522 },
  { lat: 45.764, lon: 4.8357, k: 25 },
  { lat: 43.2965, lon: 5.3698, k: 5, maxKm: 8 },
  { lat: 47.2184, lon: -1.5536, kinds: ['locker'], weightG: 21000 },
  { lat: 50.6292, lon: 3.0573, carriers: ['chronopost'] },
  { lat: 44.8378, lon: -0.5792, services: ['accessible', 'parking'] },
  { lat: 48.5734, lon: 7.7521, openAt: '2026-11-29T10:30:00Z' },
  { lat: 43.6047, lon: 1.4442, openOn: '2026-12-25', dimsCm: [50, 30, 20] },
  { lat: 43.6047, lon: 1.4442, openOn: '2026-12-25', unknownHoursPass: false },
  { lat: 46.0, lon: 2.0, includeInactive: true, k: 50 },
  { lat: 45.1885, lon: 5.7245, openDuring: ['2026-12-24T20:00:00Z', '2026-12-27T08:00:00Z'], k: 15 },
];

function cliArgs(q) {
  const a = ['nearest', '--snapshot', snapshotPath, '--lat', String(q.lat), '--lon', String(q.lon), '--k', String(q.k ?? 10)];
  if (q.maxKm) a.push('--max-km', String(q.maxKm));
  if (q.kinds) a.push('--kinds', q.kinds.join(','));
  if (q.carriers) a.push('--carriers', q.carriers.join(','));
  if (q.services) a.push('--services', q.services.join(','));
  if (q.weightG) a.push('--weight-g', String(q.weightG));
  if (q.dimsCm) a.push('--dims-cm', q.dimsCm.join(','));
  if (q.openAt) a.push('--open-at', q.openAt);
  if (q.openOn) a.push('--open-on', q.openOn);
  if (q.openDuring) a.push('--open-from', q.openDuring[0], '--open-until', q.openDuring[1]);
  if (q.includeInactive) a.push('--all');
  if (q.unknownHoursPass === false) a.push('--known-hours');
  return a;
}

test('nearest: same answers as the native engine, filters included', () => {
  for (const q of queries) {
    const native = cli(...cliArgs(q));
    const wasm = r.nearest(q);
    assert.ok(native.length > 0, `native found nothing for ${JSON.stringify(q)}`);
    assert.equal(wasm.length, native.length, JSON.stringify(q));
    wasm.forEach((p, n) => {
      assert.deepEqual(fromJs(p), fromCli(native[n]), `rank ${n} of ${JSON.stringify(q)}`);
      assert.ok(Math.abs(p.distanceM - native[n].distance_m) < 0.11);
    });
  }
});

test('a point: plain fields at once, the rest read when first asked, toJSON the whole plain object', async () => {
  const [p] = r.nearest({ lat: 48.8566, lon: 2.3522, k: 1 });
  assert.deepEqual(Object.keys(p), ['carrier', 'kind', 'lat', 'lon', 'active', 'distanceM']);
  const plain = p.toJSON();
  assert.deepEqual(Object.keys(plain), ['carrier', 'id', 'kind', 'name', 'address', 'postcode', 'city', 'country', 'lat', 'lon',
    'tz', 'active', 'services', 'maxWeightG', 'maxDimsCm', 'hours', 'closures', 'distanceM']);
  for (const key of Object.keys(plain)) assert.deepEqual(p[key], plain[key], key);
  assert.deepEqual(JSON.parse(JSON.stringify(p)), JSON.parse(JSON.stringify(plain)));
  assert.deepEqual(structuredClone(plain), plain);
  assert.equal(r.point(r._indexOf(p)).distanceM, undefined);
  assert.equal('distanceM' in r.point(r._indexOf(p)).toJSON(), false);
  // A copy, or a point of another snapshot of the same file, is this snapshot's point of its key.
  assert.equal(r.matches(plain, {}), r.matches(p, {}));
  // Fields read before close stay readable; a point never read needs its snapshot open, and says so.
  const other = await Relais.load(bytes, { module: r.module });
  const [read, unread] = other.nearest({ lat: 45.764, lon: 4.8357, k: 2 });
  const name = read.name;
  assert.equal(r.get(read.carrier, read.id).name, name);
  other.close();
  assert.equal(read.name, name);
  assert.equal(unread.lat > 45, true);
  assert.throws(() => unread.name, /closed/);
});

test('nearest honours k, maxKm and kinds', () => {
  assert.equal(r.nearest({ lat: 48.85, lon: 2.35, k: 3 }).length, 3);
  for (const p of r.nearest({ lat: 48.85, lon: 2.35, k: 100, maxKm: 15 })) assert.ok(p.distanceM <= 15000);
  for (const p of r.nearest({ lat: 48.85, lon: 2.35, kinds: ['locker'] })) assert.equal(p.kind, 'locker');
  const d = r.nearest({ lat: 48.85, lon: 2.35, k: 30 }).map((p) => p.distanceM);
  assert.deepEqual(d, [...d].sort((a, b) => a - b));
});

test('get: lookup by (carrier, id)', () => {
  const native = cli('get', '--snapshot', snapshotPath, '--carrier', 'inpost', '--id', r.nearest({ lat: 48.85, lon: 2.35, carriers: ['inpost'], k: 1 })[0].id);
  const p = r.get('inpost', native.id);
  assert.deepEqual(fromJs(p), fromCli(native));
  assert.equal(r.get('inpost', 'no-such-id'), null);
  assert.equal(r.get('no-such-carrier', native.id), null);
});

test('inBox: same points as the native engine', () => {
  const box = { south: 48.7, west: 2.2, north: 49.0, east: 2.6 };
  const native = cli('box', '--snapshot', snapshotPath, '--bbox', '48.7,2.2,49.0,2.6', '--limit', '100000');
  const wasm = r.inBox(box, { limit: 100000 });
  const key = (p) => `${p.carrier}/${p.id}`;
  assert.deepEqual(wasm.map(key).sort(), native.map(key).sort());
  for (const p of wasm) assert.ok(p.lat >= 48.7 && p.lat <= 49 && p.lon >= 2.2 && p.lon <= 2.6);
});

test('status: open now, next opening and closing, in the point\'s time zone', () => {
  const [shop] = r.nearest({ lat: 48.85, lon: 2.35, k: 1, kinds: ['shop'], openAt: '2026-11-24T10:00:00Z' });
  const s = r.status(shop, '2026-11-24T10:00:00Z');
  assert.equal(s.open, true);
  assert.ok(s.nextClosing > new Date('2026-11-24T10:00:00Z'));
  assert.equal(r.status(shop, s.nextClosing).open, false);
  const again = r.status(shop, s.nextClosing);
  assert.equal(r.status(shop, again.nextOpening).open, true);
  assert.throws(() => r.status({}, Date.now()), TypeError);
});

test('bad arguments are clear errors, not crashes', () => {
  assert.throws(() => r.nearest({ lat: 'x', lon: 2 }), /numeric lat and lon/);
  assert.throws(() => r.nearest({ lat: 48, lon: 2, kinds: ['kiosk'] }), /unknown kind 'kiosk'/);
  assert.throws(() => r.nearest({ lat: 48, lon: 2, openOn: '2026-02-30' }), /YYYY-MM-DD/);
  assert.throws(() => r.nearest({ lat: 48, lon: 2, openAt: 'yesterday' }), /not a date/);
  assert.throws(() => r.point(-1), /no point -1/);
  assert.throws(() => r.point(r.size), RangeError);
  assert.deepEqual(r.nearest({ lat: 48, lon: 2, carriers: ['nobody'] }), []);
  assert.equal(r.nearest({ lat: 48, lon: 2, k: 0 }).length, 0);
});

test('corrupt, truncated or foreign bytes are refused with a clear error', async () => {
  const flipped = Uint8Array.from(bytes);
  flipped[5000] ^= 0xff;
  await assert.rejects(Relais.load(flipped, { wasmBinary }), (e) => e.code === 'RELAIS_BAD_SNAPSHOT' && /checksum/.test(e.message));
  // The checksum is computed piece by piece (256 KB) as the bytes are copied in: a flip in a late piece, in
  // the stored checksum itself, or in a streamed download is caught the same way.
  assert.ok(bytes.length > 4 * 256 * 1024, 'the snapshot spans several pieces');
  for (const at of [bytes.length - 3, 3 * 256 * 1024 + 17, 44]) {
    const damaged = Uint8Array.from(bytes);
    damaged[at] ^= 0x01;
    await assert.rejects(Relais.load(damaged, { module: r.module }), /checksum mismatch/, `flip at ${at}`);
    await assert.rejects(Relais.load(new Response(new Blob([damaged]).stream(), { headers: { 'Content-Length': String(bytes.length) } }), { module: r.module }),
      /checksum mismatch/, `streamed flip at ${at}`);
  }
  const unchecked = await Relais.load(flipped, { module: r.module, verifyChecksum: false });  // Bounds still checked.
  assert.equal(unchecked.size, r.size);
  unchecked.close();
  await assert.rejects(Relais.load(bytes.subarray(0, bytes.length - 8), { wasmBinary }), /truncated/);
  await assert.rejects(Relais.load(new TextEncoder().encode('<html>404</html>'), { wasmBinary }), /not a relais snapshot/);
  await assert.rejects(Relais.load(new Uint8Array(0), { wasmBinary }), /not a relais snapshot/);
  // One module, a bad load, then a good one: nothing is left broken.
  const module = await Relais.createModule({ wasmBinary });
  await assert.rejects(Relais.load(flipped, { module }));
  const ok = await Relais.load(bytes, { module });
  assert.equal(ok.nearest({ lat: 48.85, lon: 2.35 }).length, 10);
  ok.close();
  assert.throws(() => ok.nearest({ lat: 48.85, lon: 2.35 }), /closed/);
});

test('the modules never evaluate strings (strict CSP)', () => {
  for (const name of ['relais', 'relais-split']) {
    const glue = readFileSync(join(wasmDir, `${name}.mjs`), 'utf8');
    assert.doesNotMatch(glue, /\bnew Function\s*\(|\beval\s*\(/, name);
    assert.ok(existsSync(join(wasmDir, `${name}.wasm`)), name);
  }
  // The snapshot module carries no split solver: pages without a basket do not download it.
  assert.doesNotMatch(readFileSync(join(wasmDir, 'relais.mjs'), 'utf8'), /_relais_splitter_open/);
});

test('clusters: same items as the native engine, every point counted once', () => {
  for (const [zoom, bbox] of [[4, '41,-6,52,10'], [8, '48,1.5,49.5,3.5'], [12, '48.8,2.25,48.9,2.45'], [18, '48.84,2.33,48.87,2.37']]) {
    const [south, west, north, east] = bbox.split(',').map(Number);
    const native = cli('clusters', '--snapshot', snapshotPath, '--bbox', bbox, '--zoom', String(zoom));
    const wasm = r.clusters({ south, west, north, east }, zoom);
    const key = (c) => (c.carrier ? `p:${c.carrier}/${c.id}` : `c:${c.clusterId ?? c.cluster_id}:${c.count}`);
    const wasmKeys = wasm.map((c) => (c.count === 1 ? key(r.point(c.pointIndex)) : key(c)));
    assert.deepEqual(wasmKeys.sort(), native.map(key).sort(), `zoom ${zoom}`);
    for (const c of wasm) assert.ok(c.lat >= south && c.lat <= north && c.lon >= west && c.lon <= east);
  }
  const single = r.clusters({ south: -90, west: -180, north: 90, east: 180 }, 18, { limit: 5 })[0];
  assert.equal(single.count, 1);
  assert.equal(r.point(single.pointIndex).kind, single.kind);
  assert.equal(r.point(single.pointIndex).carrier, single.carrier);
  const world = r.clusters({ south: -90, west: -180, north: 90, east: 180 }, 5);
  assert.equal(world.reduce((sum, c) => sum + c.count, 0), r.size);
  assert.ok(world.length < 2000, `${world.length} items at zoom 5`);
  assert.throws(() => r.clusters({ south: 1 }, 3), /numeric/);
});

test('applyDelta: yesterday\'s snapshot and a delta give today\'s file, byte for byte', async () => {
  // Today: the same carriers' file with 2% of the points gone and 1% new (another seed's points).
  const lines = readFileSync(join(work, 'points.jsonl'), 'utf8').trim().split('\n');
  const kept = lines.filter((_, i) => i % 50 !== 7);
  execFileSync(nativeBin, ['synth', '--count', '200', '--seed', '77', '--out', join(work, 'fresh.jsonl')]);
  const fresh = readFileSync(join(work, 'fresh.jsonl'), 'utf8').trim().split('\n')
    .map((line, i) => line.replace(/"id":"[^"]*"/, `"id":"FRESH${i}"`));
  writeFileSync(join(work, 'today.jsonl'), [...kept, ...fresh].join('\n') + '\n');
  const todayPath = join(work, 'today.relais');
  execFileSync(nativeBin, ['build', '--in', join(work, 'today.jsonl'), '--out', todayPath, '--date', '2026-11-25']);
  const made = cli('delta', '--from', snapshotPath, '--to', todayPath, '--out', join(work, 'today.delta'));
  assert.equal(made.removed, 400);
  assert.equal(made.upserts, 200);
  const delta = readFileSync(join(work, 'today.delta'));
  assert.ok(delta.length * 10 < readFileSync(todayPath).length, `delta ${delta.length} bytes`);

  const today = r.applyDelta(delta);
  assert.equal(today.size, 20000 - 400 + 200);
  assert.equal(today.datasetDate, '2026-11-25');
  assert.deepEqual(Buffer.from(today.bytes()), readFileSync(todayPath));
  const freshCarrier = JSON.parse(fresh[0]).carrier;
  assert.equal(today.get(freshCarrier, 'FRESH0')?.id, 'FRESH0');
  assert.equal(r.get(freshCarrier, 'FRESH0'), null);
  assert.equal(r.size, 20000, 'the old snapshot stays open and unchanged');

  // A delta for another snapshot, or a damaged one, is refused with a reason: download the full file.
  assert.throws(() => today.applyDelta(delta), (e) => e.code === 'RELAIS_BAD_DELTA' && /another snapshot/.test(e.message));
  const damaged = Uint8Array.from(delta);
  damaged[delta.length - 10] ^= 0xff;
  assert.throws(() => r.applyDelta(damaged), (e) => e.code === 'RELAIS_BAD_DELTA' && /checksum/.test(e.message));
  assert.throws(() => r.applyDelta(new Uint8Array(3)), /not a snapshot delta/);
  today.close();
});

test('matches() judges one point by the filters nearest() applies', () => {
  const at = { lat: 45.76, lon: 4.84 };
  const filters = { kinds: ['shop', 'locker'], openOn: '2026-11-29', services: ['accessible'] };
  const filtered = r.nearest({ ...at, k: 200, ...filters });
  const kept = new Set(filtered.map((p) => `${p.carrier}/${p.id}`));
  const farthest = filtered.at(-1).distanceM;
  const all = r.nearest({ ...at, k: 200 });
  let passed = 0, refused = 0;
  for (const p of all) {
    // Every point nearer than the filtered search's farthest answer passes exactly when it was kept.
    const expected = kept.has(`${p.carrier}/${p.id}`);
    if (expected) passed++;
    else if (p.distanceM < farthest) {
      assert.equal(r.matches(p, filters), false, `${p.carrier}/${p.id}`);
      refused++;
    }
    if (expected) assert.equal(r.matches(p, filters), true, `${p.carrier}/${p.id}`);
  }
  assert.ok(passed > 0 && refused > 0, `${passed} passed, ${refused} refused`);
  assert.throws(() => r.matches(-1, filters), /a point returned by this snapshot/);
});

test('a fetch Response loads as it streams in; a short or failed one is refused, never opened', async () => {
  const streamed = await Relais.load(new Response(bytes, { headers: { 'Content-Length': String(bytes.length) } }), { module: r.module });
  assert.equal(streamed.size, r.size);
  const plain = (points) => points.map((p) => p.toJSON());
  assert.deepEqual(plain(streamed.nearest({ lat: 48.85, lon: 2.35, k: 5 })), plain(r.nearest({ lat: 48.85, lon: 2.35, k: 5 })));
  streamed.close();
  // Without a length (chunked): read whole, same snapshot.
  const chunked = await Relais.load(new Response(new Blob([bytes]).stream()), { module: r.module });
  assert.equal(chunked.size, r.size);
  chunked.close();
  await assert.rejects(Relais.load(new Response(bytes.subarray(0, 1000), { headers: { 'Content-Length': String(bytes.length) } }), { module: r.module }),
    (e) => e.code === 'RELAIS_FETCH' && /ended after 1000/.test(e.message));
  await assert.rejects(Relais.load(new Response('gone', { status: 404 }), { module: r.module }), (e) => e.code === 'RELAIS_FETCH');
  // A server announcing more than memory can hold: refused before a byte is written.
  await assert.rejects(Relais.load(new Response(bytes, { headers: { 'Content-Length': '3000000000' } }), { module: r.module }),
    (e) => e.code === 'RELAIS_NO_MEMORY');
  assert.equal(r.nearest({ lat: 48.85, lon: 2.35, k: 1 }).length, 1);  // The module still works.
});
