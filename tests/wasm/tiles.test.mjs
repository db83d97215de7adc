// The tile pack (relais-snapshot tiles, data-sync/tile_pack.h) read the way the widget reads it
// (web/widget/snapshot-tiles.js): by HTTP ranges from demo/serve.mjs on loopback, against the whole snapshot
// read at once. La Poste's real 17,194 points (demo/data): at positions all over France the k nearest from the
// tiles are the whole snapshot's, point for point, with a few kilobytes read; a server that ignores Range gets
// the whole snapshot; a damaged tile or page is refused with RELAIS_BAD_SNAPSHOT, never a wrong list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/serve.mjs';
import { openSnapshot, boxDistanceM } from '../../web/widget/snapshot-tiles.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = process.env.RELAIS_NATIVE_BIN || join(root, 'build/native/data-sync/relais-snapshot');
const wasmDir = process.env.RELAIS_WASM_DIR || join(root, 'build/wasm');
const { Relais } = await import(join(wasmDir, 'relais.mjs'));
const module = await Relais.createModule({ wasmBinary: readFileSync(join(wasmDir, 'relais.wasm')) });

const work = mkdtempSync(join(tmpdir(), 'relais-tiles-'));
const servers = [];
let whole, packBytes, url, noRangeUrl;

async function serve(snapshotPath, tilesPath, ranges = true) {
  const server = await startServer(0, snapshotPath, undefined, { tiles: tilesPath, ranges });
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}/points.tiles`;
}

before(async () => {
  execFileSync(cli, ['build', '--format', 'laposte-csv', '--in', join(root, 'demo/data/laposte_poincont2_2016.csv'),
    '--out', join(work, 'points.relais'), '--date', '2026-12-01'], { stdio: 'ignore' });
  const made = JSON.parse(execFileSync(cli, ['tiles', '--snapshot', join(work, 'points.relais'), '--out', join(work, 'points.tiles')], { encoding: 'utf8' }));
  assert.ok(made.tiles > 100, `La Poste's points in many tiles: ${JSON.stringify(made)}`);
  whole = await Relais.load(readFileSync(join(work, 'points.relais')), { module });
  packBytes = readFileSync(join(work, 'points.tiles'));
  url = await serve(join(work, 'points.relais'), join(work, 'points.tiles'));
  noRangeUrl = await serve(join(work, 'points.relais'), join(work, 'points.tiles'), false);
});

after(() => servers.forEach((s) => s.close()));

const key = (p) => `${p.carrier}/${p.id}@${p.distanceM.toFixed(3)}`;
// The same answer: the same distances, and the same points at each distance -- two points at exactly the same
// distance come in either order, and at the k-th place either one is a right answer.
function assertSameAnswer(got, want, message) {
  assert.deepEqual(got.map((p) => p.distanceM.toFixed(3)), want.map((p) => p.distanceM.toFixed(3)), message);
  const last = want.length ? want.at(-1).distanceM.toFixed(3) : null;
  const groups = (list) => list.filter((p) => p.distanceM.toFixed(3) !== last).map(key).sort();
  assert.deepEqual(groups(got), groups(want), message);
}

test('the k nearest from the tiles are the whole snapshot\'s, all over France, for a few kilobytes', async () => {
  const { tiles } = await openSnapshot(url, { Relais, module });
  assert.ok(tiles, 'a server that honours Range: tiles');
  assert.equal(tiles.size, whole.size);
  assert.equal(tiles.datasetDate, '2026-12-01');
  assert.equal(tiles.tilePoints, 128);
  // A grid over metropolitan France and Corsica, with queries near tile borders by construction.
  let worst = 0;
  for (let lat = 42.3; lat <= 51; lat += 0.61) {
    for (let lon = -4.6; lon <= 8.2; lon += 0.73) {
      for (const q of [{ k: 10, maxKm: 20 }, { k: 12, maxKm: 50, kinds: ['post_office'] }, { k: 3 }]) {
        const query = { lat, lon, ...q };
        const before = tiles.bytesRead;
        await tiles.prepare(query);
        worst = Math.max(worst, tiles.bytesRead - before);
        assertSameAnswer(tiles.nearest(query), whole.nearest(query), JSON.stringify(query));
      }
    }
  }
  // Each search reads a few tiles at most, however many points the file holds.
  assert.ok(worst < 128 * 1024, `one search read ${worst} bytes`);
  const p = tiles.nearest({ lat: 48.8566, lon: 2.3522, k: 1 })[0];
  assert.deepEqual(tiles.status(p, Date.UTC(2026, 11, 2, 10)), whole.status(whole.get(p.carrier, p.id), Date.UTC(2026, 11, 2, 10)));
  assert.equal(tiles.get(p.carrier, p.id).name, p.name);
});

test('the first list in Paris costs the header, the root page and a few tiles', async () => {
  const { tiles } = await openSnapshot(url, { Relais, module });
  const query = { lat: 48.8566, lon: 2.3522, k: 12, maxKm: 20 };
  await tiles.prepare(query);
  assertSameAnswer(tiles.nearest(query), whole.nearest(query));
  assert.ok(tiles.bytesRead < 48 * 1024, `${tiles.bytesRead} bytes read of ${packBytes.length}`);
  assert.ok(tiles.requests <= 3, `${tiles.requests} requests`);
  // The whole snapshot, by one more range: byte for byte the published file.
  const all = await tiles.whole();
  assert.equal(all.size, whole.size);
  assert.deepEqual(all.bytes(), whole.bytes());
});

test('a server that ignores Range sends the whole pack: the whole snapshot is read, the rest is not', async () => {
  const opened = await openSnapshot(noRangeUrl, { Relais, module });
  assert.ok(opened.whole && !opened.tiles);
  assert.deepEqual(opened.whole.bytes(), whole.bytes());
  const query = { lat: 43.6, lon: 1.44, k: 10 };
  assert.deepEqual(opened.whole.nearest(query).map(key), whole.nearest(query).map(key));
  // A plain snapshot at the URL works the same way.
  const plain = await openSnapshot(url.replace('points.tiles', 'points.relais'), { Relais, module });
  assert.ok(plain.whole);
  assert.equal(plain.whole.size, whole.size);
});

test('a damaged tile or page is refused, and the reader can be asked again', async () => {
  const view = new DataView(packBytes.buffer, packBytes.byteOffset, packBytes.byteLength);
  const rootEntries = view.getUint32(48, true);
  // The root entry nearest Paris: flip a byte in the middle of its bytes.
  let nearest = null;
  for (let i = 0; i < rootEntries; i++) {
    const at = 64 + 40 * i;
    const box = [0, 4, 8, 12].map((o) => view.getInt32(at + o, true) / 1e6);
    const d = boxDistanceM(48.8566, 2.3522, box[0], box[1], box[2], box[3]);
    if (!nearest || d < nearest.d) nearest = { d, offset: Number(view.getBigUint64(at + 16, true)), size: view.getUint32(at + 24, true) };
  }
  const damaged = Buffer.from(packBytes);
  damaged[nearest.offset + (nearest.size >> 1)] ^= 0x5a;
  writeFileSync(join(work, 'damaged.tiles'), damaged);
  const damagedUrl = await serve(join(work, 'points.relais'), join(work, 'damaged.tiles'));
  const { tiles } = await openSnapshot(damagedUrl, { Relais, module });
  const query = { lat: 48.8566, lon: 2.3522, k: 10, maxKm: 20 };
  await assert.rejects(tiles.prepare(query), (e) => e.code === 'RELAIS_BAD_SNAPSHOT');
  await assert.rejects(tiles.prepare(query), (e) => e.code === 'RELAIS_BAD_SNAPSHOT', 'still refused, not silently skipped');
  // A damaged root page: its tiles may be fetched while the engine loads, but none is opened.
  const badRoot = Buffer.from(packBytes);
  badRoot[64 + 3] ^= 0x01;
  writeFileSync(join(work, 'badroot.tiles'), badRoot);
  const opened = await openSnapshot(await serve(join(work, 'points.relais'), join(work, 'badroot.tiles')), { Relais, module });
  await assert.rejects(opened.tiles.prepare(query), (e) => e.code === 'RELAIS_BAD_SNAPSHOT' && /root page/.test(e.message));
  assert.deepEqual(opened.tiles.nearest(query), []);
});

test('relais-snapshot tiles-check opens every tile of the pack, and refuses a damaged one', () => {
  const checked = JSON.parse(execFileSync(cli, ['tiles-check', '--pack', join(work, 'points.tiles')], { encoding: 'utf8' }));
  assert.ok(checked.tiles > 100);
  assert.throws(() => execFileSync(cli, ['tiles-check', '--pack', join(work, 'damaged.tiles')], { stdio: 'pipe' }), /tile|zlib|checksum/);
});

test('boxDistanceM bounds the distance to every point of the box', () => {
  const haversine = (a, b, c, d) => {
    const r = Math.PI / 180;
    const h = Math.sin(((c - a) * r) / 2) ** 2 + Math.cos(a * r) * Math.cos(c * r) * Math.sin(((d - b) * r) / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  };
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let n = 0; n < 2000; n++) {
    const south = 40 + rand() * 10, west = -5 + rand() * 12, north = south + rand() * 3, east = west + rand() * 4;
    const lat = 38 + rand() * 16, lon = -9 + rand() * 20;
    const bound = boxDistanceM(lat, lon, south, west, north, east);
    let nearest = Infinity;
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 20; j++) nearest = Math.min(nearest, haversine(lat, lon, south + ((north - south) * i) / 20, west + ((east - west) * j) / 20));
    }
    assert.ok(bound <= nearest + 1e-6, `bound ${bound} > ${nearest}`);
    // ... and is tight: within the sampling grid's cell of the nearest sample.
    const cell = (111200 * ((north - south) + (east - west))) / 20;
    assert.ok(nearest - bound <= cell, `bound ${bound} far below ${nearest}`);
  }
});

test('a pack deep enough to need pages (16 points a tile: over 1,000 tiles) gives the same answers; a damaged page is refused', async () => {
  const made = JSON.parse(execFileSync(cli, ['tiles', '--snapshot', join(work, 'points.relais'), '--out', join(work, 'deep.tiles'),
    '--tile-points', '16'], { encoding: 'utf8' }));
  assert.ok(made.tiles > 256 && made.pages > 1, JSON.stringify(made));
  const deepUrl = await serve(join(work, 'points.relais'), join(work, 'deep.tiles'));
  const { tiles } = await openSnapshot(deepUrl, { Relais, module });
  for (let lat = 42.5; lat <= 51; lat += 1.1) {
    for (let lon = -4.3; lon <= 8; lon += 1.3) {
      const query = { lat, lon, k: 10, maxKm: 30 };
      await tiles.prepare(query);
      assertSameAnswer(tiles.nearest(query), whole.nearest(query), JSON.stringify(query));
    }
  }
  // Damage every sub-page (they sit between the whole snapshot and the tiles): whichever is read is refused.
  const deep = readFileSync(join(work, 'deep.tiles'));
  const view = new DataView(deep.buffer, deep.byteOffset, deep.byteLength);
  const damaged = Buffer.from(deep);
  for (let i = 0; i < view.getUint32(48, true); i++) {
    const at = 64 + 40 * i;
    if (view.getUint32(at + 28, true) & 0x80000000) damaged[Number(view.getBigUint64(at + 16, true)) + 13] ^= 0x10;  // a box's byte
  }
  writeFileSync(join(work, 'deep-damaged.tiles'), damaged);
  const bad = await openSnapshot(await serve(join(work, 'points.relais'), join(work, 'deep-damaged.tiles')), { Relais, module });
  await assert.rejects(bad.tiles.prepare({ lat: 48.8566, lon: 2.3522, k: 10, maxKm: 20 }),
    (e) => e.code === 'RELAIS_BAD_SNAPSHOT' && /page/.test(e.message));
});

test('a pack built with the place table says where a postcode is, in one small range: the place table\'s centre', async () => {
  execFileSync(cli, ['places', '--in', join(root, 'demo/data/laposte_hexasmal_2020.csv'), '--out', join(work, 'places.rlpt')], { stdio: 'ignore' });
  const made = JSON.parse(execFileSync(cli, ['tiles', '--snapshot', join(work, 'points.relais'), '--places', join(work, 'places.rlpt'),
    '--out', join(work, 'postcodes.tiles')], { encoding: 'utf8' }));
  assert.ok(made.postcodes > 6000, JSON.stringify(made));
  const places = await Relais.places(readFileSync(join(work, 'places.rlpt')), { module });
  const { tiles } = await openSnapshot(await serve(join(work, 'points.relais'), join(work, 'postcodes.tiles')), { Relais, module });
  const before = tiles.bytesRead;
  const paris = await tiles.postcode('75004');
  assert.deepEqual(paris, JSON.parse(execFileSync(cli, ['tiles-check', '--pack', join(work, 'postcodes.tiles'), '--postcode', '75004'],
    { encoding: 'utf8' })).postcode);
  assert.ok(tiles.bytesRead - before <= 8192, `${tiles.bytesRead - before} bytes for a postcode`);
  // Every 37th postcode of the place table: the same centre (to the micro-degree) and a town of that postcode.
  const prefixes = Array.from({ length: 99 }, (_, d) => String(d + 1).padStart(2, '0'));
  const codes = [...new Set(prefixes.flatMap((prefix) => places.search(prefix, 100000)).map((p) => p.postcode))];
  assert.ok(codes.length > 6000, `${codes.length} postcodes`);
  let checked = 0;
  for (let n = 0; n < codes.length; n += 37) {
    const found = await tiles.postcode(codes[n]);
    const centre = places.centre(codes[n]);
    assert.ok(found, codes[n]);
    assert.ok(Math.abs(found.lat - centre.lat) < 1e-6 && Math.abs(found.lon - centre.lon) < 1e-6, `${codes[n]}: ${JSON.stringify(found)} vs ${JSON.stringify(centre)}`);
    checked++;
  }
  assert.ok(checked > 100);
  assert.equal(await tiles.postcode('00000'), null);
  assert.equal(await tiles.postcode('99999'), null);
  assert.equal(await tiles.postcode('not a postcode at all'), null);
  // A pack built without the place table has no postcodes: null, not an error.
  const { tiles: plain } = await openSnapshot(url, { Relais, module });
  assert.equal(await plain.postcode('75004'), null);
});
