// The place table in WebAssembly (the widget's offline postcode and town search) against the native engine
// (relais-snapshot place) on the same table: same places, same order. The table is built from La Poste's
// real postcode file (demo/data/laposte_hexasmal_2020.csv, 39,192 rows).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nativeBin = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));
const wasmBinary = readFileSync(join(wasmDir, 'relais.wasm'));
const csv = join(root, 'demo/data/laposte_hexasmal_2020.csv');

const work = mkdtempSync(join(tmpdir(), 'relais-places-'));
const tablePath = join(work, 'places.rlpt');
let places;

before(async () => {
  execFileSync(nativeBin, ['places', '--in', csv, '--out', tablePath]);
  places = await Relais.places(readFileSync(tablePath), { wasmBinary });
  assert.ok(places.size > 35000, `${places.size} places`);  // The whole file, not a few rows of it.
});

const native = (q, limit) => execFileSync(nativeBin, ['place', '--places', tablePath, '--q', q, '--limit', String(limit)],
  { encoding: 'utf8' }).split('\n').filter(Boolean).map((line) => JSON.parse(line));

test('postcode digits and town names find what the native engine finds, in its order', () => {
  for (const q of ['75004', '75', '42', 'st etienne', 'St-Étienne', 'Saint-Etienne', 'Sainte-Max', 'marseille', 'Marseil',
    '  13001 ', 'zzzz', '7']) {
    const got = places.search(q, 12);
    const want = native(q, 12);
    assert.equal(got.length, want.length, q);
    got.forEach((p, i) => {
      assert.equal(p.postcode, want[i].postcode, q);
      assert.equal(p.town, want[i].town, q);
      assert.ok(Math.abs(p.lat - want[i].lat) < 1e-6 && Math.abs(p.lon - want[i].lon) < 1e-6, q);
    });
  }
  assert.ok(places.search('75004').some((p) => p.town.startsWith('PARIS')));
  assert.match(places.search('marseille', 1)[0].town, /^MARSEILLE( \d+)?$/);  // Never Marseillette first.
  // La Poste writes "ST ETIENNE", "STE MAXIME": the shopper types the saint.
  assert.equal(places.search('Saint-Étienne', 1)[0].town, 'ST ETIENNE');
  assert.equal(places.search('Sainte-Maxime', 1)[0].postcode, '83120');
});

test('a postcode has a centre; an unknown one has none', () => {
  const c = places.centre('75004');
  assert.ok(Math.abs(c.lat - 48.854) < 0.01 && Math.abs(c.lon - 2.357) < 0.01, JSON.stringify(c));
  assert.equal(places.centre('00000'), null);
});

test('a damaged table is refused with a reason, never read', async () => {
  const bytes = new Uint8Array(readFileSync(tablePath));
  bytes[bytes.length - 3] ^= 0x55;
  await assert.rejects(Relais.places(bytes, { module: places._m }), (e) => e.code === 'RELAIS_BAD_PLACES' && /checksum/i.test(e.message));
  await assert.rejects(Relais.places(bytes.subarray(0, 10), { module: places._m }), (e) => e.code === 'RELAIS_BAD_PLACES');
});
