// The place table in WebAssembly (the widget's offline postcode and town search) against the native engine
// (relais-snapshot place) on the same table: same places, same order. La Poste's real file when
// ../shared/data has it, else a small CSV in its format.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nativeBin = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));
const wasmBinary = readFileSync(join(wasmDir, 'relais.wasm'));
const realCsv = join(root, '../shared/data/laposte_hexasmal_2020.csv');

const work = mkdtempSync(join(tmpdir(), 'relais-places-'));
const tablePath = join(work, 'places.rlpt');
let places;

before(async () => {
  let csv = realCsv;
  if (!existsSync(csv)) {
    csv = join(work, 'hexasmal.csv');
    writeFileSync(csv, ['Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps',
      '75104;PARIS 04;75004;;PARIS;48.854228282,2.35736193814',
      '42218;ST ETIENNE;42000;;ST ETIENNE;45.4301,4.3791',
      '42218;ST ETIENNE;42100;;ST ETIENNE;45.4301,4.3791',
      '13055;MARSEILLE;13001;;MARSEILLE;43.2999,5.3841',
      '11221;MARSEILLETTE;11800;;MARSEILLETTE;43.2066,2.5447'].join('\n') + '\n');
  }
  execFileSync(nativeBin, ['places', '--in', csv, '--out', tablePath]);
  places = await Relais.places(readFileSync(tablePath), { wasmBinary });
});

const native = (q, limit) => execFileSync(nativeBin, ['place', '--places', tablePath, '--q', q, '--limit', String(limit)],
  { encoding: 'utf8' }).split('\n').filter(Boolean).map((line) => JSON.parse(line));

test('postcode digits and town names find what the native engine finds, in its order', () => {
  for (const q of ['75004', '75', '42', 'st etienne', 'St-Étienne', 'marseille', 'Marseil', '  13001 ', 'zzzz', '7']) {
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
